/** The 鍵 mark and the company name at the left of every signed-in header; `sub` names the area. */
export function Brand({ companyName, sub }: { companyName: string; sub?: string }) {
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true">
        鍵
      </span>
      <span className="brand-company" data-testid="company-name">
        {companyName}
      </span>
      {sub && <span className="brand-sub">{sub}</span>}
    </div>
  );
}
