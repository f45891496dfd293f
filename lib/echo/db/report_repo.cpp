#include "echo/db/report_repo.hpp"

#include "echo/db/session_repo.hpp"

#include "echo/util/text.hpp"

#include <algorithm>
#include <string>

namespace echo::db {

namespace {

// The sessions of the period: one series or all, local dates from..to inclusive.
std::string period_filter(const std::string& alias) {
  return "(:series IS NULL OR " + alias + ".series_id = :series) AND (:from IS NULL OR " + alias +
         ".local_date >= :from) AND (:to IS NULL OR " + alias + ".local_date <= :to)";
}

// Past: not cancelled and started before the as-of instant (both UTC ISO text, so text order is
// time order).
std::string past(const std::string& alias) {
  return "(" + alias + ".status <> 'cancelled' AND " + alias + ".start_utc < :as_of)";
}

// Held: past, with attendance recorded (or marked held without attendees). A past session with
// nothing recorded is unrecorded: counted apart, never in averages or certificate denominators.
std::string held(const std::string& alias) { return "(" + past(alias) + " AND " + recorded_sql(alias) + ")"; }
std::string unrecorded(const std::string& alias) { return "(" + past(alias) + " AND NOT " + recorded_sql(alias) + ")"; }

// Participations per participant and series at the held sessions of the period (ps), with the
// number of held sessions of each series in the period (held: the certificate's denominator).
std::string per_participant_series() {
  return "scope AS (SELECT s.id, s.series_id FROM session s WHERE " + period_filter("s") + " AND " + held("s") +
         "),\n" + R"sql(
held AS (SELECT series_id, count(*) AS held FROM scope GROUP BY series_id),
ps AS (
  SELECT a.participant_id, sc.series_id, count(*) AS sessions,
         count(*) FILTER (WHERE a.minutes >= :min_minutes) AS eligible, sum(a.minutes) AS minutes
    FROM scope sc JOIN attendance a ON a.session_id = sc.id
   WHERE a.role = 'participant' AND (:participant IS NULL OR a.participant_id = :participant)
   GROUP BY a.participant_id, sc.series_id)
)sql";
}

// The certificate rule on a ps row joined with held h: eligible / held >= min_percent / 100,
// compared without dividing so that 3 of 4 at 75 % is exact.
const char* const k_certificate = "(ps.eligible > 0 AND ps.eligible * 100.0 >= :min_percent * h.held)";

// Binds the parameters a statement uses (unused names are skipped; absent optionals are NULL).
void bind_params(SQLite::Statement& q, const domain::Params& p, std::optional<std::int64_t> participant = std::nullopt,
                 const std::optional<std::string>& period_start = std::nullopt) {
  auto index = [&](const char* name) { return q.getIndex(name); };
  if (int i = index(":series"); i > 0) {
    if (p.series_id)
      q.bind(i, *p.series_id);
    else
      q.bind(i);
  }
  auto opt_text = [&](const char* name, const std::optional<std::string>& v) {
    if (int i = index(name); i > 0) {
      if (v)
        q.bind(i, *v);
      else
        q.bind(i);
    }
  };
  opt_text(":from", p.from);
  opt_text(":to", p.to);
  opt_text(":period_start", period_start);
  if (int i = index(":as_of"); i > 0) q.bind(i, p.as_of_utc);
  if (int i = index(":min_minutes"); i > 0) q.bind(i, p.min_minutes);
  if (int i = index(":min_percent"); i > 0) q.bind(i, p.min_percent);
  if (int i = index(":participant"); i > 0) {
    if (participant)
      q.bind(i, *participant);
    else
      q.bind(i);
  }
}

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

} // namespace

std::vector<domain::SessionRow> report_sessions(Database& db, const domain::Params& params) {
  return db.read([&] {
    const auto sql = R"sql(
WITH numbered AS (
  SELECT s.id, s.series_id, s.local_date, s.local_time, s.start_utc, s.topic, s.status, s.marked_held,
         s.number AS n
    FROM session s WHERE (:series IS NULL OR s.series_id = :series)),
scope AS (
  SELECT s.*, CASE WHEN )sql" +
                     held("s") + " THEN 1 ELSE 0 END AS held, CASE WHEN " + unrecorded("s") +
                     " THEN 1 ELSE 0 END AS unrecorded FROM numbered s WHERE " + period_filter("s") + R"sql(),
att AS (
  SELECT a.session_id,
         count(*) FILTER (WHERE a.role = 'participant') AS participants,
         count(*) FILTER (WHERE a.role = 'participant' AND a.minutes >= :min_minutes) AS eligible,
         count(*) FILTER (WHERE a.role <> 'participant') AS hub,
         coalesce(sum(a.minutes) FILTER (WHERE a.role = 'participant'), 0) AS minutes
    FROM scope sc JOIN attendance a ON a.session_id = sc.id
   WHERE sc.held = 1 GROUP BY a.session_id),
cases AS (
  SELECT c.session_id, count(*) AS cases
    FROM scope sc JOIN case_presentation c ON c.session_id = sc.id GROUP BY c.session_id)
SELECT r.code || '/' || sc.n, r.code, sc.local_date, sc.local_time, sc.topic, sc.status,
       sc.held, coalesce(att.participants, 0), coalesce(att.eligible, 0),
       coalesce(att.hub, 0), coalesce(att.minutes, 0), coalesce(cases.cases, 0), sc.unrecorded
  FROM scope sc JOIN series r ON r.id = sc.series_id
  LEFT JOIN att ON att.session_id = sc.id LEFT JOIN cases ON cases.session_id = sc.id
 ORDER BY sc.start_utc, r.code, sc.id)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params);
    std::vector<domain::SessionRow> rows;
    while (q.executeStep()) {
      domain::SessionRow r;
      r.session = q.getColumn(0).getString();
      r.series = q.getColumn(1).getString();
      r.date = q.getColumn(2).getString();
      r.time = q.getColumn(3).getString();
      r.topic = q.getColumn(4).getString();
      r.status = q.getColumn(5).getString();
      r.held = q.getColumn(6).getInt() != 0;
      r.participants = q.getColumn(7).getInt64();
      r.eligible = q.getColumn(8).getInt64();
      r.hub = q.getColumn(9).getInt64();
      r.minutes = q.getColumn(10).getInt64();
      r.cases = q.getColumn(11).getInt64();
      r.unrecorded = q.getColumn(12).getInt() != 0;
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

std::vector<domain::ParticipantRow> report_participants(Database& db, const domain::Params& params,
                                                        std::optional<std::int64_t> participant, bool eligible_only) {
  return db.read([&] {
    const auto sql = "WITH " + per_participant_series() + R"sql(
SELECT p.id, p.email, p.name, nullif(trim(p.profession), ''), nullif(trim(p.region), ''), p.rural,
       sum(ps.sessions), sum(ps.eligible), sum(ps.minutes), sum(ps.eligible * r.credit_hours),
       group_concat(CASE WHEN )sql" +
                     k_certificate + R"sql( THEN r.code END, ',')
  FROM ps JOIN held h ON h.series_id = ps.series_id
  JOIN series r ON r.id = ps.series_id JOIN participant p ON p.id = ps.participant_id
 GROUP BY p.id, p.email, p.name, p.profession, p.region, p.rural, p.name_key
HAVING :eligible_only = 0 OR sum(ps.eligible) > 0
 ORDER BY p.name_key, p.email, p.id)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params, participant);
    q.bind(":eligible_only", eligible_only ? 1 : 0);
    std::vector<domain::ParticipantRow> rows;
    while (q.executeStep()) {
      domain::ParticipantRow r;
      r.id = q.getColumn(0).getInt64();
      r.email = opt_text(q.getColumn(1));
      r.name = q.getColumn(2).getString();
      r.profession = opt_text(q.getColumn(3));
      r.region = opt_text(q.getColumn(4));
      r.rural = q.getColumn(5).getInt() != 0;
      r.sessions = q.getColumn(6).getInt64();
      r.eligible_sessions = q.getColumn(7).getInt64();
      r.minutes = q.getColumn(8).getInt64();
      r.credit_hours = domain::round_to(q.getColumn(9).getDouble(), 2);
      if (!q.getColumn(10).isNull()) {
        r.certificates = util::split(q.getColumn(10).getString(), ',');
        std::sort(r.certificates.begin(), r.certificates.end());
      }
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

std::vector<domain::CreditRow> report_credits(Database& db, const domain::Params& params,
                                              std::optional<std::int64_t> participant) {
  return db.read([&] {
    const auto sql = R"sql(
WITH numbered AS (
  SELECT s.id, s.series_id, s.local_date, s.start_utc, s.topic, s.status, s.marked_held,
         s.number AS n
    FROM session s WHERE (:series IS NULL OR s.series_id = :series)),
scope AS (SELECT s.* FROM numbered s WHERE )sql" +
                     period_filter("s") + " AND " + held("s") + R"sql()
SELECT p.email, p.name, r.code, r.code || '/' || sc.n, sc.local_date, sc.topic, a.minutes, r.credit_hours,
       sum(r.credit_hours) OVER (PARTITION BY a.participant_id)
  FROM scope sc JOIN attendance a ON a.session_id = sc.id
  JOIN series r ON r.id = sc.series_id JOIN participant p ON p.id = a.participant_id
 WHERE a.role = 'participant' AND a.minutes >= :min_minutes
   AND (:participant IS NULL OR a.participant_id = :participant)
 ORDER BY p.name_key, p.email, p.id, sc.start_utc, sc.id)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params, participant);
    std::vector<domain::CreditRow> rows;
    while (q.executeStep()) {
      domain::CreditRow r;
      r.email = opt_text(q.getColumn(0));
      r.name = q.getColumn(1).getString();
      r.series = q.getColumn(2).getString();
      r.session = q.getColumn(3).getString();
      r.date = q.getColumn(4).getString();
      r.topic = q.getColumn(5).getString();
      r.minutes = q.getColumn(6).getInt64();
      r.credit_hours = q.getColumn(7).getDouble();
      r.total_credit_hours = domain::round_to(q.getColumn(8).getDouble(), 2);
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

std::vector<domain::SeriesCreditRow> report_credits_by_series(Database& db, const domain::Params& params,
                                                              std::optional<std::int64_t> participant) {
  return db.read([&] {
    const auto sql = "WITH " + per_participant_series() + R"sql(,
dates AS (
  SELECT a.participant_id, sc.series_id, min(s.local_date) AS first_date, max(s.local_date) AS last_date
    FROM scope sc JOIN session s ON s.id = sc.id JOIN attendance a ON a.session_id = sc.id
   WHERE a.role = 'participant' AND (:participant IS NULL OR a.participant_id = :participant)
   GROUP BY a.participant_id, sc.series_id)
SELECT p.id, p.name, p.email, r.code, r.title, d.first_date, d.last_date, ps.sessions, ps.eligible,
       ps.eligible * r.credit_hours, )sql" +
                     k_certificate + R"sql(,
       (SELECT c.number FROM certificate c
         WHERE c.participant_id = ps.participant_id AND c.series_id = ps.series_id AND c.revoked_at IS NULL)
  FROM ps JOIN held h ON h.series_id = ps.series_id JOIN series r ON r.id = ps.series_id
  JOIN participant p ON p.id = ps.participant_id
  JOIN dates d ON d.participant_id = ps.participant_id AND d.series_id = ps.series_id
 WHERE ps.eligible > 0
 ORDER BY p.name_key, p.email, p.id, r.code)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params, participant);
    std::vector<domain::SeriesCreditRow> rows;
    while (q.executeStep()) {
      domain::SeriesCreditRow r;
      r.participant_id = q.getColumn(0).getInt64();
      r.name = q.getColumn(1).getString();
      r.email = opt_text(q.getColumn(2));
      r.series = q.getColumn(3).getString();
      r.title = q.getColumn(4).getString();
      r.first_date = q.getColumn(5).getString();
      r.last_date = q.getColumn(6).getString();
      r.sessions = q.getColumn(7).getInt64();
      r.eligible_sessions = q.getColumn(8).getInt64();
      r.credit_hours = domain::round_to(q.getColumn(9).getDouble(), 2);
      r.earned = q.getColumn(10).getInt() != 0;
      if (!q.getColumn(11).isNull()) r.certificate = q.getColumn(11).getInt64();
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

domain::Figures report_figures(Database& db, const domain::Params& params) {
  return db.read([&] {
    domain::Figures f;
    std::optional<std::string> first_date;
    {
      const auto sql = R"sql(
WITH scope AS (
  SELECT s.id, s.series_id, s.local_date, s.status, CASE WHEN )sql" +
                       held("s") + " THEN 1 ELSE 0 END AS held, CASE WHEN " + unrecorded("s") +
                       " THEN 1 ELSE 0 END AS unrecorded FROM session s WHERE " + period_filter("s") + R"sql()
SELECT count(*), coalesce(sum(held), 0), coalesce(sum(unrecorded), 0),
       count(*) FILTER (WHERE status = 'cancelled'),
       count(DISTINCT series_id) FILTER (WHERE held = 1),
       (SELECT count(*) FROM scope sc JOIN case_presentation c ON c.session_id = sc.id WHERE sc.held = 1),
       min(local_date)
  FROM scope)sql";
      SQLite::Statement q(db.sql(), sql);
      bind_params(q, params);
      q.executeStep();
      f.sessions_scheduled = q.getColumn(0).getInt64();
      f.sessions_held = q.getColumn(1).getInt64();
      f.sessions_unrecorded = q.getColumn(2).getInt64();
      f.sessions_cancelled = q.getColumn(3).getInt64();
      f.series_count = q.getColumn(4).getInt64();
      f.cases_presented = q.getColumn(5).getInt64();
      first_date = opt_text(q.getColumn(6));
    }
    // The period starts at --from, else at the first session of the period; a participant is
    // new when no participation anywhere in the hub (held as of) is dated before that. Those
    // returning participants are found in one pass over the earlier sessions' attendance
    // (through its session index), so the cost follows the history before the period.
    const auto period_start = params.from ? params.from : first_date;
    const auto sql = "WITH " + per_participant_series() + R"sql(,
returners AS MATERIALIZED (
  SELECT DISTINCT a2.participant_id FROM session s2 JOIN attendance a2 ON a2.session_id = s2.id
   WHERE s2.local_date < :period_start AND a2.role = 'participant' AND )sql" +
                     held("s2") + R"sql(),
pp AS MATERIALIZED (
  SELECT ps.participant_id, sum(ps.sessions) AS sessions, sum(ps.eligible) AS eligible,
         sum(ps.minutes) AS minutes, sum(ps.eligible * r.credit_hours) AS credit_hours,
         count(*) FILTER (WHERE )sql" +
                     k_certificate + R"sql() AS certificates,
         coalesce(nullif(trim(p.profession), ''), :unknown) AS profession,
         coalesce(nullif(trim(p.region), ''), :unknown) AS region, p.rural,
         ps.participant_id NOT IN (SELECT participant_id FROM returners) AS is_new
    FROM ps JOIN held h ON h.series_id = ps.series_id JOIN series r ON r.id = ps.series_id
    JOIN participant p ON p.id = ps.participant_id
   GROUP BY ps.participant_id, p.profession, p.region, p.rural)
SELECT 'total', NULL, count(*), sum(sessions), sum(eligible), sum(minutes), sum(credit_hours),
       sum(certificates), sum(is_new), sum(rural) FROM pp
UNION ALL
SELECT 'profession', profession, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM pp GROUP BY profession
UNION ALL
SELECT 'region', region, count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM pp GROUP BY region)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params, std::nullopt, period_start);
    q.bind(":unknown", domain::k_unknown);
    while (q.executeStep()) {
      const auto kind = q.getColumn(0).getString();
      if (kind == "total") {
        f.unique_participants = q.getColumn(2).getInt64();
        f.participations = q.getColumn(3).getInt64();
        f.eligible_participations = q.getColumn(4).getInt64();
        f.minutes = q.getColumn(5).getInt64();
        f.credit_hours = q.getColumn(6).getDouble();
        f.certificates = q.getColumn(7).getInt64();
        f.new_participants = q.getColumn(8).getInt64();
        f.rural_participants = q.getColumn(9).getInt64();
      } else {
        domain::Breakdown b{q.getColumn(1).getString(), q.getColumn(2).getInt64()};
        (kind == "profession" ? f.by_profession : f.by_region).push_back(std::move(b));
      }
    }
    domain::sort_breakdown(f.by_profession);
    domain::sort_breakdown(f.by_region);
    return f;
  });
}

std::vector<domain::SessionRow> report_unrecorded(Database& db, const domain::Params& params) {
  return db.read([&] {
    const auto sql = R"sql(
SELECT r.code || '/' || s.number, r.code, s.local_date, s.local_time, s.topic
  FROM session s JOIN series r ON r.id = s.series_id
 WHERE )sql" + period_filter("s") +
                     " AND " + unrecorded("s") + R"sql(
 ORDER BY s.start_utc, r.code, s.id)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params);
    std::vector<domain::SessionRow> rows;
    while (q.executeStep()) {
      domain::SessionRow r;
      r.session = q.getColumn(0).getString();
      r.series = q.getColumn(1).getString();
      r.date = q.getColumn(2).getString();
      r.time = q.getColumn(3).getString();
      r.topic = q.getColumn(4).getString();
      r.status = "scheduled";
      r.unrecorded = true;
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

} // namespace echo::db
