/// Appended to the site stylesheet (`Stylesheet`): the selection and design pages and the printable decision record.
enum SelectionStyles {
    static let css = """

    .badge-decided, .badge-achieved, .badge-on_track, .badge-seen { background:#e3f4ea; color:var(--good); }
    .badge-open, .badge-at_risk, .badge-not_enough_scored { background:#fff2dc; color:var(--warn); }
    .badge-cancelled, .badge-missed, .badge-knocked_out, .badge-gap, .badge-over, .badge-not_seen { background:#fbe4e2; color:var(--bad); }
    .badge-not_measured, .badge-not_checked { background:#eef1f6; color:var(--muted); }
    td.disagree, tr.gap td { background:#fff6e5; }
    .flag { color:var(--bad); font-weight:600; }
    .scores input[type=number] { width:6em; padding:5px 7px; border:1px solid #c5ccd8; border-radius:4px; font:inherit; }
    .scores td { vertical-align:middle; }
    .criteria-rows input { width:100%; padding:4px 6px; border:1px solid #c5ccd8; border-radius:4px; font:inherit; }
    .criteria-rows input.num { width:5.5em; }
    form.wide { max-width:none; }
    form.inline-form { display:flex; gap:10px; align-items:end; margin-top:10px; flex-wrap:wrap; } form.inline-form .field { margin:0; min-width:260px; }
    .photos { display:flex; gap:12px; flex-wrap:wrap; } .photos figure { margin:0; background:#fff; border:1px solid var(--line); padding:6px; }
    .photos img { display:block; max-width:260px; max-height:200px; } .photos figcaption { font-size:13px; color:var(--muted); }
    .side-by-side th[scope=row] { width:220px; }
    body.record { background:#fff; } body.record main { max-width:900px; }
    @media print { body.record { font-size:11px; } .record table { font-size:10.5px; } .record tr { break-inside:avoid; } }
    """
}
