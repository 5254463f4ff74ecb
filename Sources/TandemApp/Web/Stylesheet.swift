import Vapor

/// The one stylesheet, served from the binary so the app needs no files beside it.
enum Stylesheet {
    static func register(_ routes: any RoutesBuilder) {
        routes.get(SiteURL.stylesheet.pathComponents) { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .css
            headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
            return Response(status: .ok, headers: headers, body: .init(string: css + RelationshipStyles.css + SelectionStyles.css))
        }
    }

    static let css = """
    :root { --ink:#1d2433; --muted:#5b6475; --line:#dde2ea; --bg:#f6f7fa; --accent:#2456c8; --good:#1a7f4b; --warn:#a86400; --bad:#b3261e; }
    * { box-sizing: border-box; }
    body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
    header { display:flex; align-items:center; gap:24px; padding:10px 24px; background:#fff; border-bottom:1px solid var(--line); flex-wrap:wrap; }
    header nav { display:flex; gap:16px; flex:1; flex-wrap:wrap; }
    header nav a { color:var(--muted); text-decoration:none; padding:4px 0; }
    header nav a[aria-current=page] { color:var(--ink); border-bottom:2px solid var(--accent); }
    .brand { font-weight:700; color:var(--accent); text-decoration:none; font-size:18px; }
    .who { display:flex; gap:8px; align-items:center; color:var(--muted); }
    .role { font-size:12px; background:var(--bg); padding:2px 8px; border-radius:10px; }
    main { max-width:1180px; margin:0 auto; padding:24px; }
    footer { max-width:1180px; margin:0 auto; padding:24px; color:var(--muted); font-size:13px; }
    h1 { font-size:26px; margin:0 0 12px; } h2 { font-size:19px; margin:0; }
    section { margin-top:28px; }
    .lead { color:var(--muted); margin-top:0; }
    .muted { color:var(--muted); font-size:13px; }
    .page-head, .section-head { display:flex; justify-content:space-between; align-items:center; gap:12px; margin-bottom:12px; }
    table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); }
    th, td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
    th { font-size:13px; color:var(--muted); font-weight:600; background:#fbfcfd; }
    .empty { background:#fff; border:1px dashed var(--line); padding:18px; color:var(--muted); }
    .badge { display:inline-block; font-size:12px; padding:1px 8px; border-radius:10px; background:#eef1f6; color:var(--ink); white-space:nowrap; }
    .badge-live, .badge-create, .badge-onshore { background:#e3f4ea; color:var(--good); }
    .badge-onboarding, .badge-evaluating, .badge-update, .badge-nearshore { background:#fff2dc; color:var(--warn); }
    .badge-exiting, .badge-ended, .badge-delete { background:#fbe4e2; color:var(--bad); }
    .badge-in_house, .badge-offshore { background:#e5ecfb; color:var(--accent); }
    .details { display:grid; grid-template-columns:200px 1fr; gap:6px 16px; background:#fff; border:1px solid var(--line); padding:14px 18px; margin:0; }
    .details dt { color:var(--muted); } .details dd { margin:0; }
    .notes { white-space:pre-wrap; }
    form.stacked { background:#fff; border:1px solid var(--line); padding:18px; max-width:640px; margin-top:12px; }
    .field { margin-bottom:14px; }
    .field label { display:block; font-weight:600; margin-bottom:4px; }
    .field input[type=text], .field input[type=email], .field input[type=password], .field input[type=number], .field input[type=date], .field select, .field textarea {
      width:100%; padding:7px 9px; border:1px solid #c5ccd8; border-radius:4px; font:inherit; background:#fff; }
    .has-error input, .has-error select, .has-error textarea { border-color:var(--bad); }
    .field-error { color:var(--bad); margin:4px 0 0; font-size:14px; }
    .hint { color:var(--muted); margin:4px 0 0; font-size:13px; }
    .req { color:var(--bad); }
    .error-summary { background:#fbe4e2; color:var(--bad); padding:10px 14px; border-radius:4px; margin-bottom:14px; }
    .flash { background:#e3f4ea; color:var(--good); padding:10px 14px; border-radius:4px; }
    .notice { background:#fff2dc; color:var(--warn); padding:10px 14px; border-radius:4px; margin-bottom:14px; }
    .secret { background:#fff8e1; border:1px solid #f0d68a; padding:12px 16px; margin:12px 0; }
    .secret pre { font-size:15px; user-select:all; white-space:pre-wrap; word-break:break-all; }
    button, .button { display:inline-block; background:var(--accent); color:#fff; border:0; border-radius:4px; padding:7px 14px; font:inherit; cursor:pointer; text-decoration:none; }
    button.secondary { background:#eef1f6; color:var(--ink); }
    button.danger { background:#fff; color:var(--bad); border:1px solid #e7b4af; padding:3px 10px; font-size:13px; }
    button.link { background:none; color:var(--accent); padding:0; }
    form.inline { display:inline; }
    .filters { display:flex; gap:12px; align-items:end; margin-bottom:12px; }
    .crumbs { margin:0 0 4px; font-size:14px; }
    .narrow { max-width:460px; margin:40px auto; }
    .cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(200px, 1fr)); gap:12px; }
    .card { background:#fff; border:1px solid var(--line); padding:14px 16px; }
    .card-title { color:var(--muted); font-size:13px; } .card-figure { font-size:30px; font-weight:700; } .card-note { color:var(--muted); font-size:13px; }
    .chart { background:#fff; border:1px solid var(--line); padding:10px; max-width:760px; }
    .chart-label, .chart-value { font-size:13px; fill:var(--ink); }
    .bar-partner { fill:#6f8fd8; } .bar-in_house { fill:#2e9a62; } .bar-thin { fill:#c9ced8; }
    .how { color:var(--muted); font-size:13px; }
    ul.changes { margin:0; padding-left:16px; font-size:13px; } del { color:var(--bad); } ins { color:var(--good); text-decoration:none; }
    ul.alert-list { margin:0; padding-left:16px; } ul.alert-list li { margin:2px 0; }
    .tabs { display:flex; gap:16px; margin:0 0 14px; border-bottom:1px solid var(--line); }
    .tabs a { padding:6px 0; color:var(--muted); text-decoration:none; } .tabs a[aria-current=page] { color:var(--ink); border-bottom:2px solid var(--accent); }
    .toolbar { margin:10px 0; display:flex; gap:8px; flex-wrap:wrap; align-items:center; } .toolbar a[aria-current=true] { font-weight:700; }
    .kpi { font-variant-numeric:tabular-nums; white-space:nowrap; cursor:help; border-bottom:1px dotted var(--line); }
    .status-met { color:var(--good); font-weight:600; } .status-near { color:var(--warn); font-weight:600; } .status-missed { color:var(--bad); font-weight:600; }
    .status-none { color:var(--muted); font-size:13px; }
    .rank, .baseline { display:block; color:var(--muted); font-size:11px; }
    .trend .grid { stroke:#eef1f6; } .trend .axis, .trend .legend { font-size:11px; } .trend .axis { fill:var(--muted); }
    .target-line { stroke:#8a93a6; stroke-dasharray:4 4; }
    .table-wrap { overflow-x:auto; max-width:100%; }
    .table-wrap > table { min-width:100%; }
    .kpi.thin, .thin-mark { color:var(--muted); font-style:italic; }
    .target, .sample { display:block; color:var(--muted); font-size:11px; }
    a.drill { color:inherit; text-decoration:none; } a.drill:hover { text-decoration:underline; }
    .card.thin .card-figure { color:var(--muted); } .card.thin { background:#f3f4f7; border-style:dashed; }
    .caveat { display:inline-block; font-size:12px; color:var(--warn); background:#fff2dc; padding:1px 8px; border-radius:10px; margin-top:4px; }
    .trend-up { color:var(--good); } .trend-down { color:var(--bad); } .trend-flat { color:var(--muted); }
    .explain { background:#fff; border:1px solid var(--line); border-left:4px solid var(--accent); padding:10px 14px; margin:12px 0; }
    .explain h3 { margin:0 0 6px; font-size:15px; } .explain ul { margin:0; padding-left:18px; }
    .legend { display:flex; flex-wrap:wrap; gap:6px 14px; font-size:12px; color:var(--muted); margin:6px 0; align-items:center; }
    .legend .swatch { display:inline-block; width:14px; height:10px; vertical-align:middle; margin-right:4px; border:1px solid var(--line); }
    .filters { flex-wrap:wrap; }
    .date-range fieldset.range { border:0; padding:0; margin:0; display:flex; gap:6px; align-items:center; flex-wrap:wrap; }
    .date-range legend { font-weight:600; padding:0; margin-bottom:4px; }
    .date-range input[type=date], .date-range select { padding:6px 8px; border:1px solid #c5ccd8; border-radius:4px; font:inherit; background:#fff; }
    .date-range .field { margin-bottom:0; } .quick-ranges { flex-basis:100%; margin:0; font-size:13px; } .quick-ranges a { margin-right:10px; }
    .sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); }
    pre { overflow-x:auto; max-width:100%; }
    code { overflow-wrap:anywhere; }
    svg.chart { max-width:100%; height:auto; } figure.chart-figure { margin:0; max-width:760px; } .axis-title { font-size:12px; fill:var(--ink); }
    @media (max-width: 640px) {
      header { padding:8px 12px; gap:8px 16px; }
      header nav { gap:6px 12px; font-size:14px; }
      main, footer { padding:12px; }
      h1 { font-size:22px; }
      .details { grid-template-columns:1fr; gap:2px 0; } .details dd { margin-bottom:8px; }
      .page-head, .section-head { flex-wrap:wrap; }
      .cards { grid-template-columns:repeat(auto-fit, minmax(150px, 1fr)); }
      .card-figure { font-size:24px; }
      form.stacked { padding:12px; }
      th, td { padding:6px 7px; }
    }
    @media print { header, footer, .actions, button, .button { display:none !important; } body { background:#fff; } }
    """
}
