#include "echo/db/certificate_repo.hpp"

#include "echo/db/columns.hpp"

#include "echo/db/rules.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/domain/report.hpp"

namespace echo::db {

namespace {

const char* const k_columns = "number, code, participant_id, series_id, name, email, series_code, series_title, "
                              "hours, first_date, last_date, issued_at, issued_by, revoked_at, revoked_by, "
                              "revoke_reason";

domain::Certificate read_row(SQLite::Statement& q) {
  domain::Certificate c;
  c.number = q.getColumn(0).getInt64();
  c.code = q.getColumn(1).getString();
  c.participant_id = opt_int(q.getColumn(2));
  c.series_id = opt_int(q.getColumn(3));
  c.name = q.getColumn(4).getString();
  c.email = opt_text(q.getColumn(5));
  c.series = q.getColumn(6).getString();
  c.title = q.getColumn(7).getString();
  c.hours = q.getColumn(8).getDouble();
  c.first_date = q.getColumn(9).getString();
  c.last_date = q.getColumn(10).getString();
  c.issued_at = q.getColumn(11).getString();
  c.issued_by = q.getColumn(12).getString();
  c.revoked_at = opt_text(q.getColumn(13));
  c.revoked_by = opt_text(q.getColumn(14));
  c.revoke_reason = opt_text(q.getColumn(15));
  return c;
}

template <class Bind> std::optional<domain::Certificate> one(Database& db, const std::string& where, Bind bind) {
  return db.read([&]() -> std::optional<domain::Certificate> {
    SQLite::Statement q(db.sql(), std::string("SELECT ") + k_columns + " FROM certificate WHERE " + where);
    bind(q);
    if (!q.executeStep()) return std::nullopt;
    return read_row(q);
  });
}

} // namespace

std::vector<domain::Eligible> CertificateRepo::eligible(const EligibleQuery& query) {
  return m_db.read([&] {
    // The same rule as the reports (report_repo.cpp): held sessions of the series as of the
    // instant; eligible participations * 100 >= min_percent * held, without dividing.
    // Held also means recorded: a past session without attendance is unrecorded and not in the
    // denominator (db::rules::held, as the reports count it).
    SQLite::Statement q(m_db.sql(), R"sql(
WITH scope AS (
  SELECT s.id, s.local_date FROM session s
   WHERE s.series_id = :series AND )sql" +
                                        rules::held("s") +
                                        R"sql(),
held AS (SELECT count(*) AS held FROM scope),
ps AS (
  SELECT a.participant_id, count(*) FILTER (WHERE a.minutes >= :min_minutes) AS eligible,
         min(sc.local_date) AS first_date, max(sc.local_date) AS last_date
    FROM scope sc JOIN attendance a ON a.session_id = sc.id
   WHERE a.role = 'participant' AND (:participant IS NULL OR a.participant_id = :participant)
   GROUP BY a.participant_id)
SELECT p.id, p.name, p.email, ps.eligible * r.credit_hours, ps.first_date, ps.last_date
  FROM ps, held h JOIN participant p ON p.id = ps.participant_id JOIN series r ON r.id = :series
 WHERE )sql" + rules::earns_certificate("ps.eligible", "h.held") +
                                        R"sql(
 ORDER BY p.name_key, p.email, p.id)sql");
    q.bind(":series", query.series_id);
    q.bind(":as_of", query.as_of_utc);
    q.bind(":min_minutes", query.min_minutes);
    q.bind(":min_percent", query.min_percent);
    if (query.participant_id)
      q.bind(":participant", *query.participant_id);
    else
      q.bind(":participant");
    std::vector<domain::Eligible> out;
    while (q.executeStep()) {
      domain::Eligible e;
      e.participant_id = q.getColumn(0).getInt64();
      e.name = q.getColumn(1).getString();
      e.email = opt_text(q.getColumn(2));
      e.hours = domain::round_to(q.getColumn(3).getDouble(), 2);
      e.first_date = q.getColumn(4).getString();
      e.last_date = q.getColumn(5).getString();
      out.push_back(std::move(e));
    }
    return out;
  });
}

std::optional<domain::Certificate> CertificateRepo::find(std::int64_t participant_id, std::int64_t series_id) {
  return one(m_db, "participant_id = ? AND series_id = ?", [&](SQLite::Statement& q) {
    q.bind(1, participant_id);
    q.bind(2, series_id);
  });
}

std::optional<domain::Certificate> CertificateRepo::by_number(std::int64_t number) {
  return one(m_db, "number = ?", [&](SQLite::Statement& q) { q.bind(1, number); });
}

std::optional<domain::Certificate> CertificateRepo::by_code(const std::string& code) {
  return one(m_db, "code = ?", [&](SQLite::Statement& q) { q.bind(1, code); });
}

bool CertificateRepo::code_exists(const std::string& code) { return by_code(code).has_value(); }

domain::Certificate CertificateRepo::insert(domain::Certificate c) {
  SQLite::Statement q(m_db.sql(), R"sql(
INSERT INTO certificate (code, participant_id, series_id, name, email, series_code, series_title, hours,
                         first_date, last_date, issued_at, issued_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))sql");
  q.bind(1, c.code);
  if (c.participant_id)
    q.bind(2, *c.participant_id);
  else
    q.bind(2);
  if (c.series_id)
    q.bind(3, *c.series_id);
  else
    q.bind(3);
  q.bind(4, c.name);
  if (c.email)
    q.bind(5, *c.email);
  else
    q.bind(5);
  q.bind(6, c.series);
  q.bind(7, c.title);
  q.bind(8, c.hours);
  q.bind(9, c.first_date);
  q.bind(10, c.last_date);
  q.bind(11, c.issued_at);
  q.bind(12, c.issued_by);
  q.exec();
  c.number = m_db.sql().getLastInsertRowid();
  return c;
}

std::vector<domain::Certificate> CertificateRepo::list(const CertificateFilter& f) {
  return m_db.read([&] {
    SQLite::Statement q(m_db.sql(), std::string("SELECT ") + k_columns + R"sql( FROM certificate
 WHERE (:series IS NULL OR series_code = :series) AND (:from IS NULL OR substr(issued_at, 1, 10) >= :from)
   AND (:to IS NULL OR substr(issued_at, 1, 10) <= :to)
   AND (:participant IS NULL OR participant_id = :participant) AND (:revoked = 0 OR revoked_at IS NOT NULL)
 ORDER BY number)sql");
    auto opt = [&](const char* name, const std::optional<std::string>& v) {
      if (v)
        q.bind(name, *v);
      else
        q.bind(name);
    };
    opt(":series", f.series);
    opt(":from", f.from);
    opt(":to", f.to);
    if (f.participant_id)
      q.bind(":participant", *f.participant_id);
    else
      q.bind(":participant");
    q.bind(":revoked", f.revoked_only ? 1 : 0);
    std::vector<domain::Certificate> out;
    while (q.executeStep()) out.push_back(read_row(q));
    return out;
  });
}

void CertificateRepo::revoke(std::int64_t number, const std::string& at, const std::string& by,
                             const std::string& reason) {
  SQLite::Statement q(m_db.sql(),
                      "UPDATE certificate SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE number = ?");
  q.bind(1, at);
  q.bind(2, by);
  q.bind(3, reason);
  q.bind(4, number);
  q.exec();
}

std::string CertificateRepo::series_title(std::int64_t series_id) {
  return m_db.read([&] {
    SQLite::Statement q(m_db.sql(), "SELECT title FROM series WHERE id = ?");
    q.bind(1, series_id);
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
  });
}

} // namespace echo::db
