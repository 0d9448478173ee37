import type { EmployeeInput, Role } from '../../functions/core/employees/employee.js';

/** [family, given, family kana, given kana, romaji family, romaji given] */
const PEOPLE: Array<[string, string, string, string, string, string]> = [
  ['佐藤', '健太', 'サトウ', 'ケンタ', 'sato', 'kenta'],
  ['鈴木', '美咲', 'スズキ', 'ミサキ', 'suzuki', 'misaki'],
  ['髙橋', '大輔', 'タカハシ', 'ダイスケ', 'takahashi', 'daisuke'],
  ['田中', '結衣', 'タナカ', 'ユイ', 'tanaka', 'yui'],
  ['伊藤', '翔太', 'イトウ', 'ショウタ', 'ito', 'shota'],
  ['渡辺', '彩香', 'ワタナベ', 'アヤカ', 'watanabe', 'ayaka'],
  ['山本', '拓也', 'ヤマモト', 'タクヤ', 'yamamoto', 'takuya'],
  ['中村', 'さくら', 'ナカムラ', 'サクラ', 'nakamura', 'sakura'],
  ['小林', '直樹', 'コバヤシ', 'ナオキ', 'kobayashi', 'naoki'],
  ['加藤', '真由美', 'カトウ', 'マユミ', 'kato', 'mayumi'],
  ['吉田', '亮', 'ヨシダ', 'リョウ', 'yoshida', 'ryo'],
  ['山田', '花子', 'ヤマダ', 'ハナコ', 'yamada', 'hanako'],
  ['佐々木', '陽菜', 'ササキ', 'ヒナ', 'sasaki', 'hina'],
  ['山﨑', '誠', 'ヤマザキ', 'マコト', 'yamazaki', 'makoto'],
  ['松本', '恵', 'マツモト', 'メグミ', 'matsumoto', 'megumi'],
  ['井上', '隼人', 'イノウエ', 'ハヤト', 'inoue', 'hayato'],
  ['木村', '優子', 'キムラ', 'ユウコ', 'kimura', 'yuko'],
  ['林', '大翔', 'ハヤシ', 'ヒロト', 'hayashi', 'hiroto'],
  ['斎藤', '千尋', 'サイトウ', 'チヒロ', 'saito', 'chihiro'],
  ['清水', '健一', 'シミズ', 'ケンイチ', 'shimizu', 'kenichi'],
  ['山口', '愛', 'ヤマグチ', 'アイ', 'yamaguchi', 'ai'],
  ['森', '蓮', 'モリ', 'レン', 'mori', 'ren'],
  ['池田', '奈々', 'イケダ', 'ナナ', 'ikeda', 'nana'],
  ['橋本', '悠斗', 'ハシモト', 'ユウト', 'hashimoto', 'yuto'],
  ['阿部', '由紀', 'アベ', 'ユキ', 'abe', 'yuki'],
  ['石川', '浩二', 'イシカワ', 'コウジ', 'ishikawa', 'koji'],
  ['前田', '舞', 'マエダ', 'マイ', 'maeda', 'mai'],
  ['藤田', '颯', 'フジタ', 'ハヤテ', 'fujita', 'hayate'],
  ['岡田', '理恵', 'オカダ', 'リエ', 'okada', 'rie'],
  ['長谷川', '一郎', 'ハセガワ', 'イチロウ', 'hasegawa', 'ichiro'],
];

const OFFICES = ['本社', '本社', '大阪支店', '名古屋営業所'];
const DEPARTMENTS = ['営業部', '開発部', '総務部', '経理部', '人事部'];
/** A team mailbox that two salespeople both list: the duplicate-address case of the help pages. */
/** The local support operator's login ID (password: the demo password). */
export const LOCAL_SUPPORT_LOGIN = 'support';

export const SHARED_DEMO_ADDRESS = 'eigyo@demo.example.jp';

export interface DemoAccount extends Omit<EmployeeInput, 'accountKind'> {
  /** Internal unless said. */
  accountKind?: EmployeeInput['accountKind'];
  /** Demo sign-ins get a Cognito user with the demo password. */
  signIn?: boolean;
}

function person(i: number, code: string, role: Role, loginId?: string): DemoAccount {
  const [familyName, givenName, familyNameKana, givenNameKana, rf, rg] = PEOPLE[i % PEOPLE.length]!;
  const work = `${rg}.${rf}@demo.example.jp`;
  const home = `${rg}${rf}${(i * 7) % 100}@example.com`;
  const mobile = `${rf}.${rg}@mobile.example.ne.jp`;
  // Cycle through 0, 1, 2 and 3 addresses.
  const slots = [[], [work], [work, home], [work, home, mobile]][i % 4]!;
  return {
    employeeCode: code,
    familyName,
    givenName,
    familyNameKana,
    givenNameKana,
    office: OFFICES[i % OFFICES.length]!,
    department: DEPARTMENTS[i % DEPARTMENTS.length]!,
    birthDate: `${1965 + ((i * 3) % 35)}-${String((i % 12) + 1).padStart(2, '0')}-${String(((i * 5) % 28) + 1).padStart(2, '0')}`,
    email1: slots[0] ?? '',
    email2: slots[1] ?? '',
    email3: slots[2] ?? '',
    loginId: loginId ?? `${rf}.${rg}`,
    role,
    enabled: true,
  };
}

/** 株式会社デモ: 30 employees, an admin and a viewer. */
export function demoEmployees(): DemoAccount[] {
  const staff = PEOPLE.map((_, i) => person(i, String(i + 1).padStart(4, '0'), 'employee'));
  // Two salespeople share the team mailbox as their second address.
  for (const e of staff.filter((s) => s.department === '営業部').slice(0, 2)) {
    e.email1 ||= `${e.loginId}@demo.example.jp`;
    e.email2 = SHARED_DEMO_ADDRESS;
  }
  const admin: DemoAccount = {
    ...person(0, '9001', 'admin', 'admin'),
    familyName: '小川', givenName: '恵子', familyNameKana: 'オガワ', givenNameKana: 'ケイコ',
    department: '人事部', office: '本社', email1: 'k.ogawa@demo.example.jp', email2: '', email3: '', signIn: true,
  };
  const viewer: DemoAccount = {
    ...person(0, '9002', 'viewer', 'viewer'),
    familyName: '村上', givenName: '聡', familyNameKana: 'ムラカミ', givenNameKana: 'サトシ',
    department: '経営企画部', office: '本社', email1: 's.murakami@demo.example.jp', email2: '', email3: '', signIn: true,
  };
  return [...staff, admin, viewer];
}
