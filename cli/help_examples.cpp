// Two or three examples at the end of each command's --help, written with the name the program
// was run as. They use the bundled example hub's codes and files (examples/), so that a newcomer
// can paste them.
#include "commands/shell.hpp"

#include <map>

namespace echo::cli {

std::vector<std::string> help_examples(const std::string& path, const std::string& program) {
  static const std::map<std::string, std::vector<std::string>> table{
      {"init", {"PROG init ~/hub --timezone America/Vancouver", "PROG init ."}},
      {"config", {"PROG config show", "PROG config check"}},
      {"config show", {"PROG config show", "PROG config show --json"}},
      {"config check", {"PROG config check", "PROG --config /srv/echo/echo.toml config check"}},
      {"config path", {"PROG config path"}},
      {"db", {"PROG db info", "PROG db backup /backups/hub-$(date +%F).db"}},
      {"db info", {"PROG db info", "PROG db info --json"}},
      {"db check", {"PROG db check"}},
      {"db backup", {"PROG db backup /backups/hub-$(date +%F).db", "PROG db backup hub-copy.db --force"}},
      {"db migrate", {"PROG db migrate --dry-run", "PROG db migrate"}},
      {"series",
       {"PROG series list", "PROG series create pc-2026 --title \"Palliative Care ECHO 2026\" --start 2026-01-13 "
                            "--time 12:00 --repeat weekly --count 10"}},
      {"series create",
       {"PROG series create pc-2026 --title \"Palliative Care ECHO 2026\" --start 2026-01-13 --time 12:00 "
        "--repeat weekly --count 10",
        "PROG series create ltc-2026 --title \"LTC ECHO\" --start 2026-02-05 --time 12:00 --repeat monthly "
        "--count 6 --timezone America/Vancouver"}},
      {"series list", {"PROG series list", "PROG series list --json"}},
      {"series show", {"PROG series show pc-2026", "PROG series show pc-2026 --json"}},
      {"series update", {"PROG series update pc-2026 --weekday thu", "PROG series update pc-2026 --credit-hours 1.5"}},
      {"series archive", {"PROG series archive pc-2025"}},
      {"series schedule", {"PROG series schedule pc-2026 --dry-run", "PROG series schedule pc-2026"}},
      {"session",
       {"PROG session list --series pc-2026", "PROG session import examples/schedules/palliative-care-2026.toml"}},
      {"session add", {"PROG session add pc-2026 --date 2026-04-07 --time 12:00 --topic \"Grief and bereavement\""}},
      {"session list",
       {"PROG session list --series pc-2026", "PROG session list --from 'this month' --to 'next month'",
        "PROG session list --status cancelled --json"}},
      {"session show", {"PROG session show pc-2026/3", "PROG session show pc-2026/3 --json"}},
      {"session update",
       {"PROG session update pc-2026/3 --time 13:00", "PROG session update pc-2026/3 --topic \"Opioid rotation\""}},
      {"session cancel", {"PROG session cancel pc-2026/4 --reason \"statutory holiday\""}},
      {"session remove", {"PROG session remove pc-2026/10"}},
      {"session case", {"PROG session case list pc-2026/2"}},
      {"session case add",
       {"PROG session case add pc-2026/2 --title \"Delirium at end of life\" --presenter "
        "emile.dube@example.org"}},
      {"session case list", {"PROG session case list pc-2026/2"}},
      {"session import",
       {"PROG session import examples/schedules/palliative-care-2026.toml --dry-run",
        "PROG session import examples/schedules/nurse-coordinators-2026.ics --series nc-2026"}},
      {"session export",
       {"PROG session export --series pc-2026 -o pc-2026.ics", "PROG session export --series pc-2026 --format csv"}},
      {"participant", {"PROG participant import examples/participants.csv", "PROG participant list --search dube"}},
      {"participant add",
       {"PROG participant add --email emile.dube@example.org --name \"Émile Dubé\" --profession \"Registered Nurse\""}},
      {"participant list", {"PROG participant list", "PROG participant list --json"}},
      {"participant show", {"PROG participant show emile.dube@example.org"}},
      {"participant update", {"PROG participant update emile.dube@example.org --region \"Interior\" --rural"}},
      {"participant import",
       {"PROG participant import examples/participants.csv --dry-run",
        "PROG participant import examples/participants.csv"}},
      {"participant merge", {"PROG participant merge e.dube@example.org emile.dube@example.org"}},
      {"participant alias", {"PROG participant alias add emile.dube@example.org \"Emile D\""}},
      {"participant alias add", {"PROG participant alias add emile.dube@example.org \"Emile D\""}},
      {"attendance", {"PROG attendance import examples/zoom/pc-2026-1-participants.csv", "PROG attendance unmatched"}},
      {"attendance import",
       {"PROG attendance import examples/zoom/pc-2026-1-participants.csv",
        "PROG attendance import examples/zoom/*.csv --dry-run",
        "PROG attendance import export.csv --session pc-2026/3"}},
      {"attendance record", {"PROG attendance record pc-2026/3 emile.dube@example.org --minutes 55"}},
      {"attendance remove", {"PROG attendance remove pc-2026/3 emile.dube@example.org"}},
      {"attendance list",
       {"PROG attendance list pc-2026/1", "PROG attendance list --participant emile.dube@example.org --json"}},
      {"attendance unmatched", {"PROG attendance unmatched", "PROG attendance unmatched --json"}},
      {"attendance resolve", {"PROG attendance resolve 3 emile.dube@example.org"}},
      {"proposal", {"PROG proposal submit examples/proposals/rural-ltc-dementia.toml", "PROG proposal list"}},
      {"proposal submit", {"PROG proposal submit examples/proposals/rural-ltc-dementia.toml"}},
      {"proposal list", {"PROG proposal list", "PROG proposal list --status submitted --json"}},
      {"proposal show", {"PROG proposal show 1"}},
      {"proposal review", {"PROG proposal review 1 --score need=4 --score feasibility=3"}},
      {"proposal approve", {"PROG proposal approve 1"}},
      {"proposal decline", {"PROG proposal decline 1 --note \"overlaps pc-2026\""}},
      {"proposal withdraw", {"PROG proposal withdraw 1 --note \"the lead moved\""}},
      {"proposal convert", {"PROG proposal convert 1 --code dementia-2027 --time 12:00"}},
      {"report", {"PROG report summary -p 'last month'", "PROG report series pc-2026 -o pc-2026.html"}},
      {"report summary",
       {"PROG report summary -p 'last month'", "PROG report summary -p 2026Q1 -o q1.html",
        "PROG report summary --from 2026-01-01 --to today --json"}},
      {"report evaluation",
       {"PROG report evaluation --session pc-2026/1", "PROG report evaluation --series pc-2026 -o evaluation.html"}},
      {"report series", {"PROG report series pc-2026", "PROG report series pc-2026 -o pc-2026.html"}},
      {"report attendance",
       {"PROG report attendance -p 'last week' -o attendance.csv", "PROG report attendance --series pc-2026 --json"}},
      {"report participants", {"PROG report participants -p 2026", "PROG report participants --series pc-2026 --json"}},
      {"report credits",
       {"PROG report credits --totals -o credits.csv", "PROG report credits --series pc-2026 -p 2026Q1",
        "PROG report credits --by-series -o merge.xlsx"}},
      {"evaluation",
       {"PROG evaluation import examples/evaluations/pc-2026-1-msforms.csv --session pc-2026/1 --map "
        "examples/evaluations/post-session.toml",
        "PROG evaluation list"}},
      {"evaluation import",
       {"PROG evaluation import examples/evaluations/pc-2026-1-msforms.csv --session pc-2026/1 --map "
        "examples/evaluations/post-session.toml --dry-run",
        "PROG evaluation import survey.csv --series pc-2026 --map survey.toml --anonymise"}},
      {"evaluation list", {"PROG evaluation list", "PROG evaluation list --series pc-2026 --json"}},
      {"evaluation export",
       {"PROG evaluation export --session pc-2026/1 -o answers.csv", "PROG evaluation export --series pc-2026 --json"}},
      {"certificate",
       {"PROG certificate issue --series pc-2026 -o certificates/", "PROG certificate verify K7QX-M2PA-9DTE"}},
      {"certificate issue",
       {"PROG certificate issue --series pc-2026 --as-of 2026-06-30 -o certificates/",
        "PROG certificate issue --series pc-2026 --participant emile.dube@example.org -o dube.pdf"}},
      {"certificate list",
       {"PROG certificate list --from 2026-01-01 --to 2026-12-31", "PROG certificate list --revoked -o revoked.xlsx"}},
      {"certificate show", {"PROG certificate show 12", "PROG certificate show 12 --json"}},
      {"certificate verify", {"PROG certificate verify K7QX-M2PA-9DTE"}},
      {"certificate revoke", {"PROG certificate revoke 12 --reason \"attendance recorded twice\""}},
      {"help", {"PROG help", "PROG help session import"}},
      {"version", {"PROG version"}},
      {"completion",
       {"source <(PROG completion bash)", "PROG completion zsh > ~/.zfunc/_PROG",
        "PROG completion fish > ~/.config/fish/completions/PROG.fish"}},
  };
  const auto it = table.find(path);
  if (it == table.end()) return {};
  std::vector<std::string> out;
  for (std::string e : it->second) {
    for (auto at = e.find("PROG"); at != std::string::npos; at = e.find("PROG", at + program.size()))
      e.replace(at, 4, program);
    out.push_back(std::move(e));
  }
  return out;
}

} // namespace echo::cli
