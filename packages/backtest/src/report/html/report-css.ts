/** The report's only stylesheet, inline: the dashboard's dark palette, system fonts, no network. */
export const REPORT_CSS = `
:root{--bg:#0b0e11;--panel:#14181d;--raised:#1e2329;--edge:#2b3139;--fg:#eaecef;--muted:#848e9c;--up:#0ecb81;--down:#f6465d;--warn:#f0b90b;--accent:#4aa3ff;color-scheme:dark}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:13px/1.45 'Inter','Segoe UI',system-ui,-apple-system,'Helvetica Neue',Arial,sans-serif;-webkit-font-smoothing:antialiased}
.wrap{max-width:1280px;margin:0 auto;padding:20px 20px 40px}
.mono,.hash{font-family:'JetBrains Mono','SFMono-Regular',Menlo,Consolas,'DejaVu Sans Mono',monospace}
.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.up{color:var(--up)}.down{color:var(--down)}.flat{color:var(--fg)}.muted{color:var(--muted)}
header.top{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start;justify-content:space-between;padding:16px 18px;border:1px solid var(--edge);border-radius:10px;background:linear-gradient(135deg,#161b22 0%,#14181d 60%,#1a1f16 100%)}
.brand{display:flex;align-items:center;gap:8px;color:var(--muted);font-size:11px;font-weight:600;letter-spacing:.08em;text-transform:uppercase}
.brand i{display:inline-block;width:10px;height:10px;border-radius:50%;background:var(--warn);box-shadow:0 0 10px #f0b90b88}
h1{margin:6px 0 4px;font-size:24px;font-weight:650;letter-spacing:-.01em;word-break:break-word}
.sub{color:var(--muted)}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}
.chip{border:1px solid var(--edge);background:var(--raised);border-radius:999px;padding:2px 9px;font-size:12px;word-break:break-all}
.chip b{color:var(--muted);font-weight:500;margin-right:4px}
.meta{display:grid;grid-template-columns:auto auto;gap:4px 14px;font-size:12px;align-content:start}
.meta dt{color:var(--muted)}.meta dd{margin:0;text-align:right}
.headline{text-align:right}
.headline .big{font-size:34px;font-weight:700;line-height:1.1}
section{margin-top:16px;border:1px solid var(--edge);border-radius:10px;background:var(--panel);overflow:hidden}
section>h2{margin:0;padding:9px 14px;border-bottom:1px solid var(--edge);font-size:11px;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);display:flex;justify-content:space-between;gap:8px}
section>h2 span{letter-spacing:0;text-transform:none;font-weight:400}
.body{padding:12px 14px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(165px,1fr));gap:10px;margin-top:16px}
.card{border:1px solid var(--edge);border-radius:8px;background:var(--panel);padding:10px 12px;min-width:0}
.card .k{font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.card .v{font-size:20px;font-weight:650;margin-top:2px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.card .v .pair{font-size:16px}
.card .s{font-size:12px;color:var(--muted);margin-top:1px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
svg.chart{display:block;width:100%;height:auto}
svg .grid{stroke:#2b3139;stroke-width:1}svg .grid.faint{stroke:#20252c}
svg .axis{fill:#848e9c;font-size:11px;font-family:inherit}
svg .baseline{stroke:#848e9c;stroke-dasharray:4 4;stroke-width:1;opacity:.6}
svg .line{fill:none;stroke-width:1.6;stroke-linejoin:round}
svg .accent{stroke:#4aa3ff}svg .down{stroke:#f6465d}svg .price{stroke:#c9ced6;stroke-width:1.2}
svg .dd-fill{fill:#f6465d;opacity:.18}
svg .mk-entry{fill:#4aa3ff;stroke:#0b0e11;stroke-width:.8}
svg .mk-win{fill:#0ecb81;stroke:#0b0e11;stroke-width:.8}svg .mk-loss{fill:#f6465d;stroke:#0b0e11;stroke-width:.8}
.legend{display:flex;gap:14px;font-size:12px;color:var(--muted)}
.legend i{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:5px;vertical-align:-1px}
.two{display:grid;grid-template-columns:3fr 2fr;gap:16px}
@media (max-width:900px){.two{grid-template-columns:1fr}}
.two>section{margin-top:0}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th{position:sticky;top:0;background:var(--panel);color:var(--muted);font-weight:500;font-size:11px;text-transform:uppercase;letter-spacing:.03em;text-align:left;padding:6px 8px;border-bottom:1px solid var(--edge);white-space:nowrap}
td{padding:5px 8px;border-bottom:1px solid #2b313999;white-space:nowrap}
td.r,th.r{text-align:right}
tbody tr:hover{background:#1e2329b3}
.scroll{max-height:560px;overflow:auto}
table.heat td{text-align:center;padding:7px 4px;border:1px solid var(--bg);font-size:12px}
table.heat th{text-align:center;position:static}
table.heat td.y,table.heat th.y{text-align:left;color:var(--muted);font-weight:600}
table.heat td.none{color:#3a414b}
table.heat td.total{font-weight:650;border-left:2px solid var(--edge)}
.bars{display:grid;gap:8px}
.bar{display:grid;grid-template-columns:130px 1fr 70px;gap:10px;align-items:center;font-size:12px}
.bar .track{height:10px;border-radius:5px;background:var(--raised);overflow:hidden}
.bar .fill{height:100%;border-radius:5px;background:linear-gradient(90deg,#f0b90b,#ff8a3d)}
.bar .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.stat-row{display:flex;justify-content:space-between;padding:6px 0;border-bottom:1px solid #2b313966}
.stat-row:last-child{border-bottom:0}
.reason{display:inline-block;border-radius:4px;padding:0 6px;font-size:11px;background:var(--raised);border:1px solid var(--edge)}
.hashbox{display:flex;flex-wrap:wrap;gap:10px;align-items:center;justify-content:space-between}
.hash{font-size:14px;word-break:break-all;color:var(--warn)}
footer{margin-top:14px;color:var(--muted);font-size:11px;line-height:1.6}
`;
