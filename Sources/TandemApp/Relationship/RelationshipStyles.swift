/// Appended to the site stylesheet (`Stylesheet`): one file, so the CSP can stay `style-src 'self'`.
/// Styles of the relationship pages and the printable QBR pack.
enum RelationshipStyles {
    static let css = """

    .subnav a { margin-right:14px; }
    .muted { color:var(--muted); }
    .md h3, .md h4 { margin:14px 0 6px; font-size:16px; } .md { background:#fff; border:1px solid var(--line); padding:10px 18px; }
    .md pre { background:#f3f5f8; padding:8px; overflow-x:auto; }
    details { margin-top:12px; } summary { cursor:pointer; color:var(--accent); }
    fieldset.field { border:1px solid var(--line); padding:8px 12px; } label.check { display:inline-block; margin-right:14px; font-weight:normal; }
    .badge-overdue, .badge-sev-critical, .badge-sev-high { background:#fbe4e2; color:var(--bad); }
    .badge-ok, .badge-sev-low { background:#e3f4ea; color:var(--good); }
    .badge-waiting, .badge-sev-medium { background:#fff2dc; color:var(--warn); }
    body.qbr { background:#fff; } body.qbr main { max-width:1000px; }
    .qbr-head { display:flex; justify-content:space-between; align-items:flex-start; gap:24px; border-bottom:3px solid var(--accent); padding-bottom:10px; }
    .qbr-index { text-align:center; border:1px solid var(--line); padding:10px 18px; min-width:150px; }
    .qbr-section { margin-top:22px; } .qbr-section h3 { font-size:15px; margin:14px 0 6px; }
    .qbr table { font-size:13px; } .qbr .cards { grid-template-columns:repeat(4, minmax(0, 1fr)); margin-bottom:10px; }
    .qbr-index .card { border:0; padding:0; } .qbr .chart-figure { max-width:640px; }
    @media (max-width: 640px) {
      .qbr-head { flex-wrap:wrap; } .qbr-index { min-width:0; width:100%; }
      .qbr .cards { grid-template-columns:repeat(2, minmax(0, 1fr)); }
    }
    @page { size: A4; margin: 14mm; }
    @media print {
      body.qbr { font-size:11px; } .qbr main { padding:0; max-width:none; }
      .qbr-section { break-inside:avoid-page; } .qbr table { font-size:10.5px; } .qbr tr { break-inside:avoid; }
      .qbr .card-figure { font-size:22px; } .qbr a { color:inherit; text-decoration:none; }
    }
    """
}
