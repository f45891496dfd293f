#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "validators.hpp"

#include "echo/proposal/file.hpp"
#include "echo/proposal/review.hpp"
#include "echo/proposal/service.hpp"
#include "echo/proposal/status.hpp"
#include "echo/util/files.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace proposal_cmd {

struct SubmitOptions {
  std::string file;
  proposal::SubmitFlags flags;
  std::string title, summary, cadence, start, lead_name, lead_email, lead_organization;
  int sessions = 0;
  double credit_hours = 0;
  std::string actor;
  std::string note;
};

struct ListOptions {
  std::string status;
  OutputOptions out;
};

struct ShowOptions {
  std::string id;
  OutputOptions out;
};

struct ChangeOptions {
  std::string id;
  std::string actor;
  std::string note;
  std::vector<std::string> scores; // review
  std::string code;                // convert
  std::string start;               // convert
  std::string time;                // convert
};

std::int64_t parse_id(const std::string& text) {
  std::int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || v <= 0)
    throw Error(Exit::usage, fmt::format("invalid proposal id '{}': give its number (see proposal list)", text));
  return v;
}

Cell opt_text(const std::optional<std::string>& v) {
  if (v) return *v;
  return std::monostate{};
}

Cell text_or_null(const std::string& v) {
  if (v.empty()) return std::monostate{};
  return v;
}

nlohmann::ordered_json json_or_null(const std::optional<std::string>& v) {
  if (v) return *v;
  return nullptr;
}

void run_submit(Context& ctx, CLI::App& cmd, SubmitOptions& o) {
  auto& f = o.flags;
  auto given = [&](const char* name) { return cmd.count(name) > 0; };
  if (given("--title")) f.title = o.title;
  if (given("--summary")) f.summary = o.summary;
  if (given("--cadence")) f.cadence = o.cadence;
  if (given("--start")) f.start = o.start;
  if (given("--lead-name")) f.lead_name = o.lead_name;
  if (given("--lead-email")) f.lead_email = o.lead_email;
  if (given("--lead-organization")) f.lead_organization = o.lead_organization;
  if (given("--sessions")) f.sessions = o.sessions;
  if (given("--credit-hours")) f.credit_hours = o.credit_hours;

  std::optional<proposal::SourceText> file;
  if (!o.file.empty()) file = proposal::SourceText{util::read_file(o.file), o.file};
  const auto draft = proposal::read_submission(file, f);
  auto& database = ctx.db(db::Access::write);
  const auto id = proposal::submit(database, draft, Context::actor(o.actor), o.note);
  ctx.out(fmt::format("{}\n", id));
  ctx.note(fmt::format("submitted proposal {}: {}", id, draft.title));
}

void run_list(Context& ctx, const ListOptions& o) {
  std::optional<proposal::Status> status;
  if (!o.status.empty()) status = proposal::parse_status(o.status);
  auto& database = ctx.db(db::Access::read);
  Table t;
  t.columns = {"id", "title", "status", "lead_name", "lead_email", "series"};
  for (const auto& p : proposal::list(database, status))
    t.add({p.id, p.title, p.status, p.lead_name, p.lead_email, opt_text(p.series)});
  emit(ctx, o.out, t, "Proposals");
}

Document show_document(Context& ctx, const domain::Proposal& p) {
  const auto& d = p.draft;
  const auto means = proposal::score_means(p.scores, ctx.config().proposal_criteria);

  nlohmann::ordered_json team = nlohmann::ordered_json::array();
  for (const auto& m : d.team)
    team.push_back({{"name", m.name},
                    {"email", m.email.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(m.email)},
                    {"role", m.role.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(m.role)}});
  // One entry per reviewer, in reviewer order (load_proposal sorts by reviewer).
  nlohmann::ordered_json scores = nlohmann::ordered_json::array();
  for (const auto& s : p.scores) {
    if (scores.empty() || scores.back()["reviewer"] != s.reviewer)
      scores.push_back({{"reviewer", s.reviewer}, {"at", s.at}, {"scores", nlohmann::ordered_json::object()}});
    auto& entry = scores.back();
    entry["scores"][s.criterion] = s.score;
    if (s.at > entry["at"].get<std::string>()) entry["at"] = s.at;
  }
  nlohmann::ordered_json score_means = nlohmann::ordered_json::object();
  for (const auto& m : means) score_means[m.criterion] = m.mean;
  nlohmann::ordered_json history = nlohmann::ordered_json::array();
  for (const auto& e : p.history)
    history.push_back({{"at", e.at},
                       {"from", json_or_null(e.from)},
                       {"to", e.to},
                       {"actor", e.actor},
                       {"note", json_or_null(e.note)}});

  Document doc;
  doc.json = {{"id", p.head.id},
              {"title", p.head.title},
              {"status", p.head.status},
              {"lead_name", p.head.lead_name},
              {"lead_email", p.head.lead_email},
              {"series", json_or_null(p.head.series)},
              {"summary", d.summary},
              {"audience", d.audience},
              {"objectives", d.objectives},
              {"sessions", d.sessions ? nlohmann::ordered_json(*d.sessions) : nlohmann::ordered_json()},
              {"cadence", json_or_null(d.cadence)},
              {"start", json_or_null(d.start)},
              {"credit_hours", d.credit_hours ? nlohmann::ordered_json(*d.credit_hours) : nlohmann::ordered_json()},
              {"lead_organization",
               d.lead_organization.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(d.lead_organization)},
              {"team", team},
              {"scores", scores},
              {"score_means", score_means},
              {"history", history},
              {"created_at", p.created_at},
              {"updated_at", p.updated_at}};

  Table fields;
  fields.columns = {"field", "value"};
  auto field = [&](const char* key, Cell value) { fields.add({std::string(key), std::move(value)}); };
  // Numbers as text here, so that the value column stays left-aligned.
  field("id", std::to_string(p.head.id));
  field("title", p.head.title);
  field("status", p.head.status);
  field("series", opt_text(p.head.series));
  field("lead_name", p.head.lead_name);
  field("lead_email", p.head.lead_email);
  field("lead_organization", text_or_null(d.lead_organization));
  field("summary", text_or_null(d.summary));
  field("audience", d.audience);
  field("objectives", d.objectives);
  field("sessions", d.sessions ? Cell(std::to_string(*d.sessions)) : Cell());
  field("cadence", opt_text(d.cadence));
  field("start", opt_text(d.start));
  field("credit_hours", d.credit_hours ? Cell(fmt::format("{}", *d.credit_hours)) : Cell());
  field("submitted", p.created_at);
  field("updated", p.updated_at);
  doc.sections.emplace_back("Proposal " + std::to_string(p.head.id), std::move(fields));

  Table team_table;
  team_table.columns = {"name", "email", "role"};
  for (const auto& m : d.team) team_table.add({m.name, text_or_null(m.email), text_or_null(m.role)});
  doc.sections.emplace_back("Team", std::move(team_table));

  Table score_table;
  score_table.columns = {"reviewer"};
  for (const auto& m : means) score_table.columns.push_back(m.criterion);
  score_table.columns.emplace_back("at");
  for (const auto& r : scores) {
    std::vector<Cell> row{r["reviewer"].get<std::string>()};
    for (const auto& m : means) {
      const auto& s = r["scores"];
      if (s.contains(m.criterion))
        row.emplace_back(s[m.criterion].get<std::int64_t>());
      else
        row.emplace_back(std::monostate{});
    }
    row.emplace_back(r["at"].get<std::string>());
    score_table.add(std::move(row));
  }
  doc.sections.emplace_back("Scores", std::move(score_table));

  Table mean_table;
  mean_table.columns = {"criterion", "mean", "reviewers"};
  for (const auto& m : means) mean_table.add({m.criterion, m.mean, static_cast<std::int64_t>(m.reviewers)});
  doc.sections.emplace_back("Score means", std::move(mean_table));

  Table history_table;
  history_table.columns = {"at", "from", "to", "actor", "note"};
  for (const auto& e : p.history) history_table.add({e.at, opt_text(e.from), e.to, e.actor, opt_text(e.note)});
  doc.sections.emplace_back("History", std::move(history_table));
  return doc;
}

void run_show(Context& ctx, const ShowOptions& o) {
  const auto id = parse_id(o.id);
  auto& database = ctx.db(db::Access::read);
  const auto p = proposal::get(database, id);
  emit(ctx, o.out, show_document(ctx, p), "Proposal " + std::to_string(id));
}

void say_change(Context& ctx, std::int64_t id, proposal::Status from, proposal::Status to) {
  if (from == to)
    ctx.note(fmt::format("proposal {}: still {}", id, proposal::name(to)));
  else
    ctx.note(fmt::format("proposal {}: {} -> {}", id, proposal::name(from), proposal::name(to)));
}

void run_change(Context& ctx, const ChangeOptions& o, proposal::Action action) {
  const auto id = parse_id(o.id);
  auto& database = ctx.db(db::Access::write);
  const auto c = proposal::change_status(database, id, action, Context::actor(o.actor), util::trim(o.note));
  say_change(ctx, id, c.from, c.to);
}

void run_review(Context& ctx, const ChangeOptions& o) {
  const auto id = parse_id(o.id);
  const auto scores = proposal::parse_scores(o.scores, ctx.config().proposal_criteria);
  auto& database = ctx.db(db::Access::write);
  const auto c = proposal::review(database, id, scores, Context::actor(o.actor), util::trim(o.note));
  say_change(ctx, id, c.from, c.to);
  if (!scores.empty()) ctx.note(fmt::format("recorded {} score{}", scores.size(), scores.size() == 1 ? "" : "s"));
}

void run_convert(Context& ctx, const ChangeOptions& o) {
  const auto id = parse_id(o.id);
  proposal::ConvertRequest r;
  r.id = id;
  r.code = o.code;
  if (!o.start.empty()) r.start = util::format_date(util::date_option(o.start, "--start"));
  if (!o.time.empty()) r.time = util::format_hhmm(util::time_option(o.time, "--time"));
  r.actor = Context::actor(o.actor);
  r.note = util::trim(o.note);
  const auto& cfg = ctx.config();
  r.timezone = cfg.hub_timezone;
  r.session_minutes = cfg.session_minutes;
  r.default_credit_hours = cfg.credit_hours;
  proposal::check_series_code(r.code);
  auto& database = ctx.db(db::Access::write);
  const auto result = proposal::convert(database, r);
  ctx.out(result.code + "\n");
  ctx.note(fmt::format("proposal {}: approved -> converted; created series {} ({} people as participants)", id,
                       result.code, result.people));
}

CLI::App* add_change(CLI::App& group, const char* name, const std::string& help, ChangeOptions& o) {
  auto* cmd = group.add_subcommand(name, help);
  cmd->add_option("ID", o.id, "Proposal id")->required();
  cmd->add_option("--actor", o.actor, "Who makes the change (default: $USER)")->option_text("NAME");
  return cmd;
}

} // namespace proposal_cmd

void register_proposal(CLI::App& app, Context& ctx) {
  using namespace proposal_cmd;
  auto* group = app.add_subcommand("proposal", "Submit, review, approve and convert proposals for new series");

  auto s = std::make_shared<SubmitOptions>();
  auto* submit = group->add_subcommand(
      "submit", "Submit a proposal from FILE.toml and/or flags; prints the new proposal's id on stdout");
  submit->add_option("FILE", s->file, "Proposal file (TOML; see echo-proposal(1) for its keys)");
  submit->add_option("--title", s->title, "Title of the proposed series (required without FILE)")->option_text("T");
  submit->add_option("--summary", s->summary, "Summary (becomes the series description)")->option_text("TEXT");
  submit->add_option("--audience", s->flags.audience, "An intended audience (repeatable)")->option_text("TEXT");
  submit->add_option("--objective", s->flags.objectives, "A learning objective (repeatable)")->option_text("TEXT");
  submit->add_option("--sessions", s->sessions, "Number of sessions (1..1000)")->option_text("N");
  submit->add_option("--cadence", s->cadence, "How often sessions run")
      ->check(CLI::IsMember(proposal::cadences()))
      ->option_text("weekly|biweekly|monthly");
  submit->add_option("--start", s->start, "Date of the first session (YYYY-MM-DD)")->option_text("DATE");
  submit->add_option("--credit-hours", s->credit_hours, "Credit hours per attended session (0..100)")
      ->check(finite_number())
      ->option_text("X");
  submit->add_option("--lead-name", s->lead_name, "Name of the lead (required without FILE)")->option_text("N");
  submit->add_option("--lead-email", s->lead_email, "Email of the lead (required without FILE)")->option_text("E");
  submit->add_option("--lead-organization", s->lead_organization, "Organization of the lead")->option_text("O");
  submit
      ->add_option("--team", s->flags.team,
                   "A team member as \"NAME <EMAIL> ROLE\" (email and role optional; repeatable; replaces the "
                   "file's team)")
      ->option_text("\"NAME <EMAIL> ROLE\"");
  submit->add_option("--actor", s->actor, "Who submits (default: $USER)")->option_text("NAME");
  submit->add_option("--note", s->note, "Note recorded with the submission")->option_text("TEXT");
  submit->footer("Flags given together with FILE replace the file's values.");
  submit->callback([&ctx, s, submit] { run_submit(ctx, *submit, *s); });

  auto l = std::make_shared<ListOptions>();
  auto* list = group->add_subcommand("list", "List proposals (JSON fields: id, title, status, lead_name, "
                                             "lead_email, series)");
  list->add_option("--status", l->status, "Only proposals in this status")
      ->check(CLI::IsMember(proposal::status_names()))
      ->option_text("STATUS");
  add_output_options(*list, l->out);
  list->callback([&ctx, l] { run_list(ctx, *l); });

  auto sh = std::make_shared<ShowOptions>();
  auto* show = group->add_subcommand("show", "Show a proposal with its team, review scores and full history");
  show->add_option("ID", sh->id, "Proposal id")->required();
  add_output_options(*show, sh->out);
  show->callback([&ctx, sh] { run_show(ctx, *sh); });

  auto rv = std::make_shared<ChangeOptions>();
  auto* review = add_change(
      *group, "review", "Start the review (submitted -> in_review) or, when in review, add or update your scores", *rv);
  review
      ->add_option("--score", rv->scores, "CRITERION=SCORE, 1 to 5, on a criterion of proposals.criteria (repeatable)")
      ->option_text("C=N");
  review->add_option("--note", rv->note, "Note recorded with the review")->option_text("TEXT");
  review->callback([&ctx, rv] { run_review(ctx, *rv); });

  auto ap = std::make_shared<ChangeOptions>();
  auto* approve = add_change(*group, "approve", "Approve a proposal in review (in_review -> approved)", *ap);
  approve->add_option("--note", ap->note, "Note recorded with the change")->option_text("TEXT");
  approve->callback([&ctx, ap] { run_change(ctx, *ap, proposal::Action::approve); });

  auto dc = std::make_shared<ChangeOptions>();
  auto* decline = add_change(*group, "decline", "Decline a proposal in review (in_review -> declined)", *dc);
  decline->add_option("--note", dc->note, "The reason (required)")->option_text("REASON")->required();
  decline->callback([&ctx, dc] { run_change(ctx, *dc, proposal::Action::decline); });

  auto wd = std::make_shared<ChangeOptions>();
  auto* withdraw = add_change(*group, "withdraw", "Withdraw a proposal (submitted | in_review -> withdrawn)", *wd);
  withdraw->add_option("--note", wd->note, "Note recorded with the change")->option_text("TEXT");
  withdraw->callback([&ctx, wd] { run_change(ctx, *wd, proposal::Action::withdraw); });

  auto cv = std::make_shared<ChangeOptions>();
  auto* convert = add_change(*group, "convert",
                             "Create the series from an approved proposal and link both (approved -> converted); "
                             "prints the series code",
                             *cv);
  convert->add_option("--code", cv->code, "Code of the new series: [a-z0-9][a-z0-9-]*, unused")
      ->option_text("CODE")
      ->required();
  convert->add_option("--start", cv->start, "First session date (YYYY-MM-DD); overrides the proposal's start")
      ->option_text("DATE");
  convert->add_option("--time", cv->time, "Wall-clock start of each session (HH:MM, hub time zone)")
      ->option_text("HH:MM");
  convert->add_option("--note", cv->note, "Note recorded with the change (default: \"created series CODE\")")
      ->option_text("TEXT");
  convert->callback([&ctx, cv] { run_convert(ctx, *cv); });
}

} // namespace echo::cli
