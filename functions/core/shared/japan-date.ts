/**
 * The company's date (Japan time, no daylight saving) as file names carry it: 20261121. A file
 * made at 08:30 in Tokyo is of that day, not of the UTC day before.
 */
export function japanDateStamp(at: Date | string): string {
  const jst = new Date(new Date(at).getTime() + 9 * 3600_000);
  return jst.toISOString().slice(0, 10).replaceAll('-', '');
}
