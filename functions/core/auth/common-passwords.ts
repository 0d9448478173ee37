/** Passwords seen most in breach lists (and local favourites), compared case-insensitively. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password', '123456789', '12345678', '1234567890', 'qwerty123', 'qwertyuiop',
  'password1', 'password12', 'password123', 'password1234', '1q2w3e4r5t', '1qaz2wsx3edc',
  'zaq12wsx', 'iloveyou123', 'abc1234567', 'abcdefghij', 'aaaaaaaaaa', '1111111111',
  '0000000000', '1234512345', '9876543210', '0987654321', 'qwertyuiop1', 'asdfghjkl;',
  'asdfghjkl1', 'zxcvbnm123', 'password!!', 'passw0rd123', 'p@ssw0rd123', 'p@ssword123',
  'welcome123', 'welcome1234', 'letmein123', 'administrator', 'admin12345', 'admin123456',
  'changeme123', 'sunshine123', 'princess123', 'football123', 'baseball123', 'dragon12345',
  'monkey12345', 'superman123', 'trustno1234', 'starwars123', 'master12345', 'michael1234',
  'shadow12345', 'qazwsxedc123', '1234qwer!!', 'qwer1234!!', 'q1w2e3r4t5', '1q2w3e4r5t6y',
  '123qweasdzxc', 'qweasdzxc123', 'asdf1234!!', '11111111111', '123123123123', '12341234',
  '1234567890a', 'a1234567890', 'aa12345678', 'abcd123456', 'abc123456789', 'iloveyou!!',
  'loveyou1234', 'kagikagi123', 'tokyo12345', 'nippon1234', 'sakura12345', 'japan123456',
  'doraemon123', 'pokemon1234', 'naruto12345', 'pikachu1234', 'totoro12345', 'onepiece123',
  'password00', 'kaisha1234', 'company123', 'shain12345', 'employee123', 'welcome!!!',
  'default123', 'temp123456', 'test123456', 'testtest123', 'guest12345', 'user123456',
]);
