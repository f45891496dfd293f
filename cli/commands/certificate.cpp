#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"

#include "echo/certificate/pdf.hpp"
#include "echo/certificate/queries.hpp"
#include "echo/certificate/service.hpp"
#include "echo/error.hpp"
#include "echo/report/report.hpp"
#include "echo/util/files.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <sys/stat.h>

#include <filesystem>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build.
namespace certificate_cmd {

namespace fs = std::filesystem;
using certificate::Certificate;

struct IssueOptions {
  std::string series, participant, as_of, output, actor;
};

struct ListOptions {
  std::string series, from, to, participant;
  bool revoked = false;
  OutputOptions out;
};

struct ShowOptions {
  std::int64_t number = 0;
  OutputOptions out;
};

struct VerifyOptions {
  std::string code;
};

struct RevokeOptions {
  std::int64_t number = 0;
  std::string reason, actor;
};

certificate::Style style_of(const config::Config& cfg) {
  certificate::Style s;
  s.hub = cfg.hub_name;
  s.timezone = cfg.hub_timezone;
  s.logo = cfg.certificate_logo;
  s.statement = cfg.certificate_statement;
  s.signatory = cfg.certificate_signatory;
  s.signature = cfg.certificate_signature;
  return s;
}

bool is_pdf_file(const std::string& path) { return util::ascii_lower(fs::path(path).extension().string()) == ".pdf"; }

void run_issue(Context& ctx, const IssueOptions& o) {
  const auto& cfg = ctx.config();
  if (util::trim(o.output).empty()) throw Error(Exit::usage, "-o DIR or -o FILE.pdf is required");
  const bool one_file = is_pdf_file(o.output);
  if (!one_file && fs::exists(o.output) && !fs::is_directory(o.output))
    throw Error(Exit::usage, fmt::format("-o {}: not a directory nor a .pdf file", o.output));
  certificate::IssueRequest req;
  req.series = o.series;
  if (!o.participant.empty()) req.participant = o.participant;
  req.as_of_utc = o.as_of.empty() ? util::format_utc(util::now_utc()) : report::parse_as_of(o.as_of, cfg.hub_timezone);
  req.min_minutes = cfg.attendance_min_minutes;
  req.min_percent = cfg.certificate_min_percent;
  req.actor = Context::actor(o.actor);
  // The images are read before anything is registered: a bad logo changes nothing.
  const certificate::Renderer renderer(style_of(cfg));

  auto& database = ctx.db(db::Access::write);
  // Registered and drawn in one transaction: when drawing fails, nothing is registered.
  std::vector<std::pair<std::string, std::string>> files; // file name (in DIR) or FILE.pdf, PDF
  const auto result = database.write([&] {
    auto r = certificate::issue(database, req);
    std::vector<Certificate> all;
    for (const auto& i : r.issued) all.push_back(i.certificate);
    if (all.empty()) return r;
    if (one_file) {
      files.emplace_back(o.output, renderer.pdf(all));
    } else {
      for (const auto& c : all) files.emplace_back(certificate::file_name(c), renderer.pdf({c}));
    }
    return r;
  });
  if (one_file && !files.empty()) {
    util::write_file_atomic(o.output, files[0].second, 0600);
  } else if (!files.empty()) {
    std::error_code ec;
    fs::create_directories(o.output, ec);
    if (ec) throw Error(Exit::cant_create, fmt::format("cannot create the directory {}: {}", o.output, ec.message()));
    util::write_files_atomic(o.output, files, 0600);
  }

  std::size_t fresh = 0;
  for (const auto& i : result.issued) fresh += i.is_new ? 1 : 0;
  for (const auto& c : result.skipped_revoked)
    ctx.warn(fmt::format("certificate {} of {} for {} is revoked: not printed", c.number, c.email.value_or(c.name),
                         c.series));
  if (result.issued.empty()) {
    ctx.note(fmt::format("no participant has earned the certificate of {} as of {}: nothing written", o.series,
                         req.as_of_utc));
    return;
  }
  for (const auto& i : result.issued)
    ctx.out(fmt::format("{}\t{}\t{}\t{}\t{}\n", i.certificate.number, i.certificate.code,
                        i.certificate.email.value_or(""), i.certificate.name, i.is_new ? "new" : "re-issued"));
  ctx.note(fmt::format("{} certificate{} of {} ({} new, {} re-issued) written to {}", result.issued.size(),
                       result.issued.size() == 1 ? "" : "s", o.series, fresh, result.issued.size() - fresh, o.output));
}

nlohmann::json opt_json(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

Table list_table(const std::vector<Certificate>& list) {
  Table t;
  t.columns = {"number", "code",       "email",     "name",      "series", "title",
               "hours",  "first_date", "last_date", "issued_at", "revoked"};
  for (const auto& c : list) {
    Cell email = c.email ? Cell(*c.email) : Cell();
    t.add({c.number, c.code, email, c.name, c.series, c.title, c.hours, c.first_date, c.last_date, c.issued_at,
           c.revoked()});
  }
  return t;
}

void run_list(Context& ctx, const ListOptions& o) {
  certificate::ListRequest req;
  req.series = o.series;
  if (!o.from.empty()) req.from = util::format_date(util::date_option(o.from, "--from"));
  if (!o.to.empty()) req.to = util::format_date(util::date_option_last(o.to, "--to"));
  if (req.from && req.to && *req.from > *req.to)
    throw Error(Exit::usage, fmt::format("--from {} is after --to {}", *req.from, *req.to));
  req.participant = o.participant;
  req.revoked_only = o.revoked;
  emit(ctx, o.out, list_table(certificate::list(ctx.db(db::Access::read), req)), "Certificates");
}

Document document(const Certificate& c) {
  Document doc;
  const auto t = list_table({c});
  for (std::size_t i = 0; i < t.columns.size(); ++i) doc.json[t.columns[i]] = to_json(t.rows[0][i]);
  doc.json["issued_by"] = c.issued_by;
  doc.json["revoked_at"] = opt_json(c.revoked_at);
  doc.json["revoked_by"] = opt_json(c.revoked_by);
  doc.json["revoke_reason"] = opt_json(c.revoke_reason);
  Table fields;
  fields.columns = {"field", "value"};
  for (std::size_t i = 0; i < t.columns.size(); ++i) fields.add({t.columns[i], t.rows[0][i]});
  fields.add({"issued_by", c.issued_by});
  fields.add({"revoked_at", c.revoked_at ? Cell(*c.revoked_at) : Cell()});
  fields.add({"revoked_by", c.revoked_by ? Cell(*c.revoked_by) : Cell()});
  fields.add({"revoke_reason", c.revoke_reason ? Cell(*c.revoke_reason) : Cell()});
  doc.sections.emplace_back("certificate", std::move(fields));
  return doc;
}

void run_show(Context& ctx, const ShowOptions& o) {
  const auto c = certificate::show(ctx.db(db::Access::read), o.number);
  emit(ctx, o.out, document(c), fmt::format("Certificate {}", c.number));
}

std::string verify_text(const Certificate& c) {
  return fmt::format("certificate: {}\ncode:        {}\nname:        {}\nemail:       {}\nseries:      {} ({})\n"
                     "dates:       {} to {}\nhours:       {}\nissued:      {} by {}\n",
                     c.number, c.code, c.name, c.email.value_or(""), c.title, c.series, c.first_date, c.last_date,
                     certificate::hours_text(c.hours), c.issued_at, c.issued_by);
}

void run_verify(Context& ctx, const VerifyOptions& o) {
  const auto code = certificate::normalize_code(o.code);
  if (!code)
    throw Error(
        Exit::failure,
        fmt::format("UNKNOWN: '{}' is not a verification code (12 letters and digits, XXXX-XXXX-XXXX)", o.code));
  const auto c = certificate::by_code(ctx.db(db::Access::read), *code);
  if (!c) throw Error(Exit::failure, fmt::format("UNKNOWN: no certificate has the verification code {}", *code));
  if (c->revoked()) {
    ctx.out(verify_text(*c) + fmt::format("status:      REVOKED on {} by {}: {}\n", *c->revoked_at,
                                          c->revoked_by.value_or(""), c->revoke_reason.value_or("")));
    throw Error(Exit::failure, fmt::format("REVOKED: certificate {} ({}) was revoked on {}: {}", c->number, *code,
                                           c->revoked_at->substr(0, 10), c->revoke_reason.value_or("")));
  }
  ctx.out(verify_text(*c) + "status:      VALID\n");
}

void run_revoke(Context& ctx, const RevokeOptions& o) {
  if (util::trim(o.reason).empty()) throw Error(Exit::usage, "--reason must not be empty");
  auto& database = ctx.db(db::Access::write);
  const auto c = database.write(
      [&] { return certificate::revoke(database, o.number, util::trim(o.reason), Context::actor(o.actor)); });
  ctx.note(fmt::format("revoked certificate {} ({}, {})", c.number, c.email.value_or(c.name), c.series));
}

} // namespace certificate_cmd

void register_certificate(CLI::App& app, Context& ctx) {
  using namespace certificate_cmd;
  auto* group = app.add_subcommand(
      "certificate", "Certificates: issue PDFs to eligible participants, the register, verify and revoke");
  group->footer(fmt::format("Rules, files and examples: man {}-certificate", ctx.program));

  auto iss = std::make_shared<IssueOptions>();
  auto* issue = group->add_subcommand(
      "issue", "Register and print (PDF) the certificate of every participant who earned one for a series");
  issue->add_option("--series", iss->series, "The series (its code)")->required()->option_text("CODE");
  issue->add_option("--participant", iss->participant, "Only this participant (email or id)")->option_text("P");
  issue
      ->add_option("--as-of", iss->as_of,
                   "Sessions that started before this instant count as held (default now): YYYY-MM-DD[THH:MM[:SS]] "
                   "in hub.timezone, or with a trailing Z in UTC")
      ->option_text("DATE");
  issue->add_option("-o,--output", iss->output, "A directory (one PDF per certificate) or FILE.pdf (one page each)")
      ->required()
      ->option_text("DIR|FILE.pdf");
  issue->add_option("--actor", iss->actor, "Who issues (default: $USER)");
  issue->callback([&ctx, iss] { run_issue(ctx, *iss); });

  auto lst = std::make_shared<ListOptions>();
  auto* list = group->add_subcommand("list", "The register: every certificate issued, by number");
  list->add_option("--series", lst->series, "Only this series (its code)")->option_text("CODE");
  list->add_option("--participant", lst->participant, "Only this participant (email or id)")->option_text("P");
  list->add_option("--from", lst->from, "Issued on or after this date (UTC, YYYY-MM-DD)")->option_text("DATE");
  list->add_option("--to", lst->to, "Issued on or before this date (UTC, YYYY-MM-DD)")->option_text("DATE");
  list->add_flag("--revoked", lst->revoked, "Only revoked certificates");
  add_output_options(*list, lst->out);
  list->callback([&ctx, lst] { run_list(ctx, *lst); });

  auto shw = std::make_shared<ShowOptions>();
  auto* show = group->add_subcommand("show", "One certificate of the register, with who issued and revoked it");
  show->add_option("NUMBER", shw->number, "Certificate number")->required();
  add_output_options(*show, shw->out);
  show->callback([&ctx, shw] { run_show(ctx, *shw); });

  auto ver = std::make_shared<VerifyOptions>();
  auto* verify = group->add_subcommand(
      "verify", "Check a verification code: prints the certificate; exit 0 when valid, 1 when revoked or unknown");
  verify->add_option("CODE", ver->code, "Verification code printed on the certificate")->required();
  verify->callback([&ctx, ver] { run_verify(ctx, *ver); });

  auto rev = std::make_shared<RevokeOptions>();
  auto* revoke = group->add_subcommand("revoke", "Revoke a certificate (kept in the register, audited)");
  revoke->add_option("NUMBER", rev->number, "Certificate number")->required();
  revoke->add_option("--reason", rev->reason, "Why (recorded in the audit log)")->required();
  revoke->add_option("--actor", rev->actor, "Who revokes (default: $USER)");
  revoke->callback([&ctx, rev] { run_revoke(ctx, *rev); });
}

} // namespace echo::cli
