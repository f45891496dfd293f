#include "echo/db/report_repo.hpp"

#include "echo/db/columns.hpp"

#include "echo/db/rules.hpp"
#include "echo/db/session_repo.hpp"

#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <algorithm>
#include <string>

namespace echo::db {

namespace {

// The period, held and unrecorded: db/rules.hpp.
using rules::held;
using rules::period_filter;
using rules::unrecorded;

// Participations per participant and series at the held sessions of the period (ps), with the
// number of held sessions of each series in the period (held: the certificate's denominator).
// eligible_only: only the participations at or above min_minutes are read, so that a credit
// report groups those alone (sessions and minutes then count them alone too).
std::string per_participant_series(bool eligible_only = false) {
  return "scope AS (SELECT s.id, s.series_id FROM session s WHERE " + period_filter("s") + " AND " + held("s") +
         "),\n" + R"sql(
held AS (SELECT series_id, count(*) AS held FROM scope GROUP BY series_id),
ps AS (
  SELECT a.participant_id, sc.series_id, count(*) AS sessions,
         count(*) FILTER (WHERE a.minutes >= :min_minutes) AS eligible, sum(a.minutes) AS minutes
    FROM scope sc JOIN attendance a ON a.session_id = sc.id
   WHERE a.role = 'participant' AND (:participant IS NULL OR a.participant_id = :participant))sql" +
         (eligible_only ? " AND a.minutes >= :min_minutes" : "") + R"sql(
   GROUP BY a.participant_id, sc.series_id)
)sql";
}

// The certificate rule on a ps row joined with held h.
const std::string k_certificate = rules::earns_certificate("ps.eligible", "h.held");

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

} // namespace

void each_session(Database& db, const domain::Params& params,
                  const std::function<void(const domain::SessionRow&)>& fn) {
  db.read([&] {
    const auto sql = R"sql(
WITH numbered AS (
  SELECT s.id, s.series_id, s.local_date, s.local_time, s.start_utc, s.topic, s.status, s.marked_held,
         s.number
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
SELECT )sql" + rules::session_ref("r", "sc") +
                     R"sql(, r.code, sc.local_date, sc.local_time, sc.topic, sc.status,
       sc.held, coalesce(att.participants, 0), coalesce(att.eligible, 0),
       coalesce(att.hub, 0), coalesce(att.minutes, 0), coalesce(cases.cases, 0), sc.unrecorded
  FROM scope sc JOIN series r ON r.id = sc.series_id
  LEFT JOIN att ON att.session_id = sc.id LEFT JOIN cases ON cases.session_id = sc.id
 ORDER BY sc.start_utc, r.code, sc.id)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params);
    domain::SessionRow r;
    while (q.executeStep()) {
      r.session = q.getColumn(0).getString();
      r.series = q.getColumn(1).getString();
      r.date = q.getColumn(2).getString();
      r.time = q.getColumn(3).getString();
      r.topic = q.getColumn(4).getString();
      r.status = enum_column(q.getColumn(5), domain::parse_session_status, "session status");
      r.held = q.getColumn(6).getInt() != 0;
      r.participants = q.getColumn(7).getInt64();
      r.eligible = q.getColumn(8).getInt64();
      r.hub = q.getColumn(9).getInt64();
      r.minutes = q.getColumn(10).getInt64();
      r.cases = q.getColumn(11).getInt64();
      r.unrecorded = q.getColumn(12).getInt() != 0;
      fn(r);
    }
  });
}

void each_participant(Database& db, const domain::Params& params, std::optional<std::int64_t> participant,
                      bool eligible_only, const std::function<void(const domain::ParticipantRow&)>& fn) {
  db.read([&] {
    // Grouped by p.id alone: the other participant columns follow from it, and grouping by all
    // of them made the sorter compare and carry every text column (8% of the statement).
    const auto sql = "WITH " + per_participant_series(eligible_only) + R"sql(
SELECT p.id, p.email, p.name, nullif(trim(p.profession), ''), nullif(trim(p.region), ''), p.rural,
       sum(ps.sessions), sum(ps.eligible), sum(ps.minutes), sum(ps.eligible * r.credit_hours),
       group_concat(CASE WHEN )sql" +
                     k_certificate + R"sql( THEN r.code END, ',')
  FROM ps JOIN held h ON h.series_id = ps.series_id
  JOIN series r ON r.id = ps.series_id JOIN participant p ON p.id = ps.participant_id
 GROUP BY p.id
HAVING :eligible_only = 0 OR sum(ps.eligible) > 0
 ORDER BY p.name_key, p.email, p.id)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params, participant);
    q.bind(":eligible_only", eligible_only ? 1 : 0);
    domain::ParticipantRow r;
    while (q.executeStep()) {
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
      r.certificates.clear();
      if (!q.getColumn(10).isNull()) {
        r.certificates = util::split(q.getColumn(10).getString(), ',');
        std::sort(r.certificates.begin(), r.certificates.end());
      }
      fn(r);
    }
  });
}

void each_credit(Database& db, const domain::Params& params, std::optional<std::int64_t> participant,
                 const std::function<void(const domain::CreditRow&)>& fn) {
  db.read([&] {
    const auto sql = R"sql(
WITH numbered AS (
  SELECT s.id, s.series_id, s.local_date, s.start_utc, s.topic, s.status, s.marked_held,
         s.number
    FROM session s WHERE (:series IS NULL OR s.series_id = :series)),
scope AS (SELECT s.* FROM numbered s WHERE )sql" +
                     period_filter("s") + " AND " + held("s") + R"sql()
SELECT p.email, p.name, r.code, )sql" +
                     rules::session_ref("r", "sc") + R"sql(, sc.local_date, sc.topic, a.minutes, r.credit_hours,
       sum(r.credit_hours) OVER (PARTITION BY a.participant_id)
  FROM scope sc JOIN attendance a ON a.session_id = sc.id
  JOIN series r ON r.id = sc.series_id JOIN participant p ON p.id = a.participant_id
 WHERE a.role = 'participant' AND a.minutes >= :min_minutes
   AND (:participant IS NULL OR a.participant_id = :participant)
 ORDER BY p.name_key, p.email, p.id, sc.start_utc, sc.id)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params, participant);
    domain::CreditRow r;
    while (q.executeStep()) {
      r.email = opt_text(q.getColumn(0));
      r.name = q.getColumn(1).getString();
      r.series = q.getColumn(2).getString();
      r.session = q.getColumn(3).getString();
      r.date = q.getColumn(4).getString();
      r.topic = q.getColumn(5).getString();
      r.minutes = q.getColumn(6).getInt64();
      r.credit_hours = q.getColumn(7).getDouble();
      r.total_credit_hours = domain::round_to(q.getColumn(8).getDouble(), 2);
      fn(r);
    }
  });
}

void each_credit_by_series(Database& db, const domain::Params& params, std::optional<std::int64_t> participant,
                           const std::function<void(const domain::SeriesCreditRow&)>& fn) {
  db.read([&] {
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
    domain::SeriesCreditRow r;
    while (q.executeStep()) {
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
      r.certificate.reset();
      if (!q.getColumn(11).isNull()) r.certificate = q.getColumn(11).getInt64();
      fn(r);
    }
  });
}

std::vector<domain::SessionRow> report_sessions(Database& db, const domain::Params& params) {
  std::vector<domain::SessionRow> rows;
  each_session(db, params, [&](const domain::SessionRow& r) { rows.push_back(r); });
  return rows;
}

std::vector<domain::ParticipantRow> report_participants(Database& db, const domain::Params& params,
                                                        std::optional<std::int64_t> participant, bool eligible_only) {
  std::vector<domain::ParticipantRow> rows;
  each_participant(db, params, participant, eligible_only, [&](const domain::ParticipantRow& r) { rows.push_back(r); });
  return rows;
}

std::vector<domain::CreditRow> report_credits(Database& db, const domain::Params& params,
                                              std::optional<std::int64_t> participant) {
  std::vector<domain::CreditRow> rows;
  each_credit(db, params, participant, [&](const domain::CreditRow& r) { rows.push_back(r); });
  return rows;
}

std::vector<domain::SeriesCreditRow> report_credits_by_series(Database& db, const domain::Params& params,
                                                              std::optional<std::int64_t> participant) {
  std::vector<domain::SeriesCreditRow> rows;
  each_credit_by_series(db, params, participant, [&](const domain::SeriesCreditRow& r) { rows.push_back(r); });
  return rows;
}

domain::Figures report_figures(Database& db, const domain::Params& params) {
  return db.read([&] {
    domain::Figures f;
    std::optional<std::string> first_date;
    {
      const auto sql = R"sql(
WITH scope AS (
  SELECT s.id, s.series_id, s.local_date, )sql" +
                       rules::cancelled("s") + R"sql( AS cancelled, CASE WHEN )sql" + held("s") +
                       " THEN 1 ELSE 0 END AS held, CASE WHEN " + unrecorded("s") +
                       " THEN 1 ELSE 0 END AS unrecorded FROM session s WHERE " + period_filter("s") + R"sql()
SELECT count(*), coalesce(sum(held), 0), coalesce(sum(unrecorded), 0),
       count(*) FILTER (WHERE cancelled),
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
    // new when no participation anywhere in the hub (held as of) is dated before that. Read from
    // first_participation (kept by triggers): first dated on or after the start, new; before it
    // and started before as-of, returning; otherwise (an as-of before sessions dated before the
    // period) the participant's earlier held sessions are looked up, through attendance's key.
    const auto period_start = params.from ? params.from : first_date;
    const auto sql = "WITH " + per_participant_series() + R"sql(,
pp AS MATERIALIZED (
  SELECT ps.participant_id, sum(ps.sessions) AS sessions, sum(ps.eligible) AS eligible,
         sum(ps.minutes) AS minutes, sum(ps.eligible * r.credit_hours) AS credit_hours,
         count(*) FILTER (WHERE )sql" +
                     k_certificate + R"sql() AS certificates,
         coalesce(nullif(trim(p.profession), ''), :unknown) AS profession,
         coalesce(nullif(trim(p.region), ''), :unknown) AS region, p.rural,
         NOT (CASE WHEN :period_start IS NULL OR f.local_date IS NULL OR f.local_date >= :period_start THEN 0
                   WHEN )sql" +
                     rules::started("f.start_utc") + R"sql( THEN 1
                   ELSE EXISTS (SELECT 1 FROM session s2 JOIN attendance a2
                                    ON a2.session_id = s2.id AND a2.participant_id = ps.participant_id
                                 WHERE s2.local_date < :period_start AND a2.role = 'participant' AND )sql" +
                     held("s2") + R"sql() END) AS is_new
    FROM ps JOIN held h ON h.series_id = ps.series_id JOIN series r ON r.id = ps.series_id
    JOIN participant p ON p.id = ps.participant_id
    LEFT JOIN first_participation f ON f.participant_id = ps.participant_id
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
SELECT )sql" + rules::session_ref("r", "s") +
                     R"sql(, r.code, s.local_date, s.local_time, s.topic
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
      r.status = domain::SessionStatus::scheduled;
      r.unrecorded = true;
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

std::vector<domain::ReachRow> report_reach(Database& db, const domain::Params& params, bool by_organization) {
  return db.read([&] {
    const auto previous = params.from && params.to ? util::previous_period(*params.from, *params.to)
                                                   : std::optional<std::pair<std::string, std::string>>();
    const std::string key = by_organization ? "coalesce(r.organization, :unknown)" : "coalesce(r.region, :unknown)";
    // Participations are summed per participant first, so that the reference view is joined
    // once per participant, not once per attendance row.
    const auto sql = "WITH scope AS (SELECT s.id FROM session s WHERE " + period_filter("s") + " AND " + held("s") +
                     R"sql(),
pa AS MATERIALIZED (
  SELECT a.participant_id, count(*) AS n, sum(a.minutes) AS m
    FROM scope sc JOIN attendance a ON a.session_id = sc.id
   WHERE a.role = 'participant' GROUP BY a.participant_id),
prev_scope AS (
  SELECT s.id FROM session s
   WHERE (:series IS NULL OR s.series_id = :series) AND s.local_date >= :prev_from AND s.local_date <= :prev_to
     AND )sql" + held("s") +
                     R"sql(),
pp AS MATERIALIZED (
  SELECT DISTINCT a.participant_id FROM prev_scope sc JOIN attendance a ON a.session_id = sc.id
   WHERE a.role = 'participant'),
cur AS (
  SELECT )sql" + key +
                     R"sql( AS k, count(*) AS participants, sum(pa.n) AS participations, sum(pa.m) AS minutes,
         sum(r.rural) AS rural
    FROM pa JOIN temp.participant_ref r ON r.participant_id = pa.participant_id GROUP BY k),
prev AS (
  SELECT )sql" + key +
                     R"sql( AS k, count(*) AS participants
    FROM pp JOIN temp.participant_ref r ON r.participant_id = pp.participant_id GROUP BY k),
keys AS (
  SELECT region AS k FROM temp.region_info WHERE :by_region
  UNION SELECT k FROM cur UNION SELECT k FROM prev)
SELECT keys.k, ri.region IS NOT NULL, ri.population, ri.providers, coalesce(cur.participants, 0),
       coalesce(cur.participations, 0), coalesce(cur.minutes, 0), coalesce(cur.rural, 0), coalesce(prev.participants, 0)
  FROM keys LEFT JOIN temp.region_info ri ON :by_region AND ri.region = keys.k
  LEFT JOIN cur ON cur.k = keys.k LEFT JOIN prev ON prev.k = keys.k
 ORDER BY ri.position IS NULL, ri.position, coalesce(cur.participants, 0) DESC, keys.k)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params);
    q.bind(":unknown", domain::k_unknown);
    q.bind(":by_region", by_organization ? 0 : 1);
    if (previous) {
      q.bind(":prev_from", previous->first);
      q.bind(":prev_to", previous->second);
    } else {
      q.bind(":prev_from");
      q.bind(":prev_to");
    }
    std::vector<domain::ReachRow> rows;
    while (q.executeStep()) {
      domain::ReachRow r;
      r.key = q.getColumn(0).getString();
      r.configured = q.getColumn(1).getInt() != 0;
      r.population = opt_int(q.getColumn(2));
      r.providers = opt_int(q.getColumn(3));
      r.participants = q.getColumn(4).getInt64();
      r.participations = q.getColumn(5).getInt64();
      r.minutes = q.getColumn(6).getInt64();
      r.rural = q.getColumn(7).getInt64();
      if (previous) r.previous = q.getColumn(8).getInt64();
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

std::vector<std::int64_t> participants_region_unknown(Database& db) {
  return db.read([&] {
    SQLite::Statement q(db.sql(), "SELECT r.participant_id FROM temp.participant_ref r JOIN participant p ON p.id = "
                                  "r.participant_id WHERE r.region IS NULL AND trim(coalesce(p.region, '')) <> '' "
                                  "ORDER BY r.participant_id");
    std::vector<std::int64_t> out;
    while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
    return out;
  });
}

std::vector<domain::CompetencyRow> report_competency(Database& db, const domain::Params& params, CompetencyBy by) {
  return db.read([&] {
    std::string key = "NULL";
    if (by == CompetencyBy::profession) key = "coalesce(r.profession, :unknown)";
    if (by == CompetencyBy::region) key = "coalesce(r.region, :unknown)";
    if (by == CompetencyBy::participant) key = "coalesce(p.email, nullif(p.name, ''), '#' || p.id)";
    const bool zeros = by == CompetencyBy::profession || by == CompetencyBy::region;
    // Minutes per domain and participant first (a session counts for each of its domains), then
    // the reference view once per domain and participant.
    auto sql = "WITH scope AS (SELECT s.id, s.series_id FROM session s WHERE " + period_filter("s") + " AND " +
               held("s") + R"sql(),
own AS (SELECT d.session_id, d.code FROM scope sc JOIN session_domain d ON d.session_id = sc.id),
sd AS (
  SELECT session_id, code FROM own
  UNION ALL
  SELECT sc.id, d.code FROM scope sc JOIN series_domain d ON d.series_id = sc.series_id
   WHERE sc.id NOT IN (SELECT session_id FROM own)
  UNION ALL
  SELECT sc.id, :none FROM scope sc
   WHERE sc.id NOT IN (SELECT session_id FROM own)
     AND NOT EXISTS (SELECT 1 FROM series_domain d WHERE d.series_id = sc.series_id)),
taught AS (SELECT DISTINCT code FROM sd),
dp AS MATERIALIZED (
  SELECT sd.code, a.participant_id, sum(a.minutes) AS m
    FROM sd JOIN attendance a ON a.session_id = sd.session_id
   WHERE a.role = 'participant' GROUP BY sd.code, a.participant_id),
pk AS MATERIALIZED (
  SELECT r.participant_id, )sql" +
               key + R"sql( AS k
    FROM temp.participant_ref r )sql" +
               (by == CompetencyBy::participant ? "JOIN participant p ON p.id = r.participant_id " : "") +
               R"sql(WHERE r.participant_id IN (SELECT participant_id FROM dp)),
agg AS MATERIALIZED (
  SELECT dp.code, pk.k, sum(dp.m) AS m, count(*) AS n
    FROM dp JOIN pk ON pk.participant_id = dp.participant_id
   GROUP BY dp.code, pk.k))sql";
    if (zeros)
      sql += R"sql(,
keys AS (SELECT DISTINCT k FROM agg )sql" +
             std::string(by == CompetencyBy::region ? "UNION SELECT region FROM temp.region_info" : "") + R"sql(),
grid AS (SELECT t.code, keys.k, coalesce(agg.m, 0) AS m, coalesce(agg.n, 0) AS n
           FROM taught t CROSS JOIN keys LEFT JOIN agg ON agg.code = t.code AND agg.k = keys.k))sql";
    else
      sql += ",\ngrid AS (SELECT code, k, m, n FROM agg)";
    sql += R"sql(
SELECT g.code, coalesce(ci.title, ''), g.k, g.m, g.n
  FROM grid g LEFT JOIN temp.competency_info ci ON ci.code = g.code
 ORDER BY g.code = :none, ci.position IS NULL, ci.position, g.code, g.k = :unknown, g.k)sql";
    SQLite::Statement q(db.sql(), sql);
    bind_params(q, params);
    if (int i = q.getIndex(":unknown"); i > 0) q.bind(i, domain::k_unknown);
    q.bind(":none", domain::k_no_domain);
    std::vector<domain::CompetencyRow> rows;
    while (q.executeStep()) {
      domain::CompetencyRow r;
      r.domain = q.getColumn(0).getString();
      r.title = q.getColumn(1).getString();
      r.key = opt_text(q.getColumn(2));
      r.minutes = q.getColumn(3).getInt64();
      r.participants = q.getColumn(4).getInt64();
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

} // namespace echo::db
