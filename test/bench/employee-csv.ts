const FAMILY = ['佐藤', '鈴木', '髙橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '山﨑'];
const GIVEN = ['健太', '美咲', '大輔', '結衣', '翔太', '彩香', '拓也', 'さくら', '直樹', '真由美'];
const DEPARTMENTS = ['営業部', '開発部', '総務部', '経理部', '人事部'];

/** A realistic employee CSV of `n` rows, as an HR system would export it (codes with leading zeros). */
export function importCsv(n: number, from = 0): string {
  const lines = ['社員コード,姓,名,姓（カナ）,名（カナ）,所属事業所,所属部署,生年月日,メールアドレス1,メールアドレス2,メールアドレス3,ログインID,権限,有効'];
  for (let i = from; i < from + n; i++) {
    const code = `B${String(i).padStart(6, '0')}`;
    lines.push(
      [code, FAMILY[i % 10], GIVEN[(i * 7) % 10], 'ベンチ', 'タロウ', '本社', DEPARTMENTS[i % 5], `19${70 + (i % 30)}-0${(i % 9) + 1}-1${i % 9}`, `b${i}@bench.example.jp`, i % 3 === 0 ? `b${i}@home.example.com` : '', '', '', '一般', '1'].join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
