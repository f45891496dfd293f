#include "echo/db/proposal_repo.hpp"

#include "echo/db/columns.hpp"

#include <nlohmann/json.hpp>

namespace echo::db {

namespace {

std::string json_list(const std::vector<std::string>& items) { return nlohmann::json(items).dump(); }

std::vector<std::string> parse_list(const std::string& text) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const auto& item : j)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

template <class T> void bind_optional(SQLite::Statement& q, int index, const std::optional<T>& value) {
  if (value)
    q.bind(index, *value);
  else
    q.bind(index);
}

void bind_text_or_null(SQLite::Statement& q, int index, const std::string& value) {
  if (value.empty())
    q.bind(index);
  else
    q.bind(index, value);
}

} // namespace

std::int64_t insert_proposal(Database& db, const domain::ProposalDraft& d, const std::string& now) {
  SQLite::Statement q(db.sql(), R"sql(
    INSERT INTO proposal (title, summary, audience, objectives, sessions, cadence, start_date, credit_hours,
                          lead_name, lead_email, lead_organization, status, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?))sql");
  q.bind(1, d.title);
  q.bind(2, d.summary);
  q.bind(3, json_list(d.audience));
  q.bind(4, json_list(d.objectives));
  bind_optional(q, 5, d.sessions);
  bind_optional(q, 6, d.cadence);
  bind_optional(q, 7, d.start);
  bind_optional(q, 8, d.credit_hours);
  q.bind(9, d.lead_name);
  q.bind(10, d.lead_email);
  bind_text_or_null(q, 11, d.lead_organization);
  q.bind(12, now);
  q.bind(13, now);
  q.exec();
  const auto id = db.sql().getLastInsertRowid();

  SQLite::Statement team(db.sql(),
                         "INSERT INTO proposal_team (proposal_id, position, name, email, role) VALUES (?, ?, ?, ?, ?)");
  int position = 0;
  for (const auto& m : d.team) {
    team.bind(1, id);
    team.bind(2, ++position);
    team.bind(3, m.name);
    bind_text_or_null(team, 4, m.email);
    bind_text_or_null(team, 5, m.role);
    team.exec();
    team.reset();
  }
  return id;
}

void insert_proposal_event(Database& db, std::int64_t proposal_id, const domain::ProposalEvent& e) {
  SQLite::Statement q(db.sql(), "INSERT INTO proposal_event (proposal_id, at, from_status, to_status, actor, note) "
                                "VALUES (?, ?, ?, ?, ?, ?)");
  q.bind(1, proposal_id);
  q.bind(2, e.at);
  bind_optional(q, 3, e.from);
  q.bind(4, e.to);
  q.bind(5, e.actor);
  bind_optional(q, 6, e.note);
  q.exec();
}

std::optional<std::string> proposal_status(Database& db, std::int64_t proposal_id) {
  SQLite::Statement q(db.sql(), "SELECT status FROM proposal WHERE id = ?");
  q.bind(1, proposal_id);
  if (!q.executeStep()) return std::nullopt;
  return q.getColumn(0).getString();
}

void set_proposal_status(Database& db, std::int64_t proposal_id, const std::string& status, const std::string& now) {
  SQLite::Statement q(db.sql(), "UPDATE proposal SET status = ?, updated_at = ? WHERE id = ?");
  q.bind(1, status);
  q.bind(2, now);
  q.bind(3, proposal_id);
  q.exec();
}

void upsert_proposal_score(Database& db, std::int64_t proposal_id, const domain::ProposalScore& s) {
  SQLite::Statement q(db.sql(), R"sql(
    INSERT INTO proposal_score (proposal_id, reviewer, criterion, score, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (proposal_id, reviewer, criterion) DO UPDATE SET score = excluded.score, at = excluded.at)sql");
  q.bind(1, proposal_id);
  q.bind(2, s.reviewer);
  q.bind(3, s.criterion);
  q.bind(4, s.score);
  q.bind(5, s.at);
  q.exec();
}

std::optional<domain::Proposal> load_proposal(Database& db, std::int64_t proposal_id) {
  SQLite::Statement q(db.sql(), R"sql(
    SELECT p.id, p.title, p.status, p.lead_name, p.lead_email, s.code,
           p.summary, p.audience, p.objectives, p.sessions, p.cadence, p.start_date, p.credit_hours,
           p.lead_organization, p.series_id, p.created_at, p.updated_at
      FROM proposal p LEFT JOIN series s ON s.id = p.series_id
     WHERE p.id = ?)sql");
  q.bind(1, proposal_id);
  if (!q.executeStep()) return std::nullopt;
  domain::Proposal p;
  p.head = {q.getColumn(0).getInt64(),  q.getColumn(1).getString(), q.getColumn(2).getString(),
            q.getColumn(3).getString(), q.getColumn(4).getString(), opt_text(q.getColumn(5))};
  auto& d = p.draft;
  d.title = p.head.title;
  d.lead_name = p.head.lead_name;
  d.lead_email = p.head.lead_email;
  d.summary = q.getColumn(6).getString();
  d.audience = parse_list(q.getColumn(7).getString());
  d.objectives = parse_list(q.getColumn(8).getString());
  if (!q.getColumn(9).isNull()) d.sessions = q.getColumn(9).getInt();
  d.cadence = opt_text(q.getColumn(10));
  d.start = opt_text(q.getColumn(11));
  if (!q.getColumn(12).isNull()) d.credit_hours = q.getColumn(12).getDouble();
  d.lead_organization = opt_text(q.getColumn(13)).value_or("");
  if (!q.getColumn(14).isNull()) p.series_id = q.getColumn(14).getInt64();
  p.created_at = q.getColumn(15).getString();
  p.updated_at = q.getColumn(16).getString();

  SQLite::Statement team(db.sql(),
                         "SELECT name, email, role FROM proposal_team WHERE proposal_id = ? ORDER BY position");
  team.bind(1, proposal_id);
  while (team.executeStep())
    d.team.push_back({team.getColumn(0).getString(), opt_text(team.getColumn(1)).value_or(""),
                      opt_text(team.getColumn(2)).value_or("")});

  SQLite::Statement events(db.sql(), "SELECT at, from_status, to_status, actor, note FROM proposal_event "
                                     "WHERE proposal_id = ? ORDER BY id");
  events.bind(1, proposal_id);
  while (events.executeStep())
    p.history.push_back({events.getColumn(0).getString(), opt_text(events.getColumn(1)),
                         events.getColumn(2).getString(), events.getColumn(3).getString(),
                         opt_text(events.getColumn(4))});

  SQLite::Statement scores(db.sql(), "SELECT reviewer, criterion, score, at FROM proposal_score "
                                     "WHERE proposal_id = ? ORDER BY reviewer, id");
  scores.bind(1, proposal_id);
  while (scores.executeStep())
    p.scores.push_back({scores.getColumn(0).getString(), scores.getColumn(1).getString(), scores.getColumn(2).getInt(),
                        scores.getColumn(3).getString()});
  return p;
}

std::vector<domain::ProposalSummary> list_proposals(Database& db, const std::optional<std::string>& status) {
  SQLite::Statement q(db.sql(), R"sql(
    SELECT p.id, p.title, p.status, p.lead_name, p.lead_email, s.code
      FROM proposal p LEFT JOIN series s ON s.id = p.series_id
     WHERE ?1 IS NULL OR p.status = ?1
     ORDER BY p.id)sql");
  bind_optional(q, 1, status);
  std::vector<domain::ProposalSummary> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(), opt_text(q.getColumn(5))});
  return out;
}

bool series_code_exists(Database& db, const std::string& code) {
  SQLite::Statement q(db.sql(), "SELECT 1 FROM series WHERE code = ?");
  q.bind(1, code);
  return q.executeStep();
}

void link_proposal_series(Database& db, std::int64_t proposal_id, std::int64_t series_id, const std::string& now) {
  SQLite::Statement p(db.sql(), "UPDATE proposal SET series_id = ?, updated_at = ? WHERE id = ?");
  p.bind(1, series_id);
  p.bind(2, now);
  p.bind(3, proposal_id);
  p.exec();
  SQLite::Statement s(db.sql(), "UPDATE series SET proposal_id = ?, updated_at = ? WHERE id = ?");
  s.bind(1, proposal_id);
  s.bind(2, now);
  s.bind(3, series_id);
  s.exec();
}

} // namespace echo::db
