#include "echo/db/outcome_network_repo.hpp"

#include "echo/db/columns.hpp"

#include "echo/db/rules.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/domain/session.hpp"
#include "echo/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

namespace echo::db {

// Named, not anonymous: the helpers of report_repo.cpp have the same names.
namespace outcome_network_sql {

using rules::held;
using rules::period_filter;

// The held sessions of the period and their participants (role participant), with each
// participant's reference values computed once (temp.participant_ref is a view).
std::string scope_cte() {
  return "scope AS (SELECT s.id, s.series_id, s.number, s.local_date, s.start_utc FROM session s WHERE " +
         period_filter("s") + " AND " + held("s") + R"sql(),
att AS (SELECT a.session_id, a.participant_id FROM scope sc CROSS JOIN attendance a ON a.session_id = sc.id
         WHERE a.role = 'participant'),
ref AS MATERIALIZED (
  SELECT participant_id, profession, region, organization,
         CASE WHEN organization IS NOT NULL THEN nullif(echo_name_key(organization), '') END AS org_key
    FROM temp.participant_ref)
)sql";
}

void bind(SQLite::Statement& q, const domain::Params& p) {
  auto opt = [&](const char* name, const std::optional<std::string>& v) {
    if (int i = q.getIndex(name); i > 0) {
      if (v)
        q.bind(i, *v);
      else
        q.bind(i);
    }
  };
  if (int i = q.getIndex(":series"); i > 0) {
    if (p.series_id)
      q.bind(i, *p.series_id);
    else
      q.bind(i);
  }
  opt(":from", p.from);
  opt(":to", p.to);
  if (int i = q.getIndex(":as_of"); i > 0) q.bind(i, p.as_of_utc);
}

} // namespace outcome_network_sql

domain::NetworkRows report_network(Database& db, const domain::Params& params) {
  using namespace outcome_network_sql;
  return db.read([&] {
    domain::NetworkRows rows;
    auto& sessions = rows.sessions;
    {
      const auto sql = "WITH " + scope_cte() + R"sql(
SELECT sc.id, )sql" + rules::session_ref("r", "sc") +
                       R"sql(, r.code, sc.local_date, x.profession, count(x.participant_id)
  FROM scope sc JOIN series r ON r.id = sc.series_id
  LEFT JOIN (SELECT att.session_id, att.participant_id, ref.profession
               FROM att JOIN ref ON ref.participant_id = att.participant_id) x ON x.session_id = sc.id
 GROUP BY sc.id, x.profession
 ORDER BY sc.start_utc, r.code, sc.id, x.profession)sql";
      SQLite::Statement q(db.sql(), sql);
      bind(q, params);
      std::int64_t current = -1;
      while (q.executeStep()) {
        const auto id = q.getColumn(0).getInt64();
        if (id != current) {
          current = id;
          sessions.push_back({q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(), {}});
        }
        sessions.back().counts.push_back({opt_text(q.getColumn(4)), q.getColumn(5).getInt64()});
      }
    }
    auto& matrix = rows.matrix;
    {
      // Regions in the configured order (temp.region_info.position), then by name; the unknown
      // profession and region last.
      const auto sql = "WITH " + scope_cte() + R"sql(,
people AS (SELECT DISTINCT participant_id FROM att)
SELECT ref.profession, ref.region, count(*)
  FROM people JOIN ref ON ref.participant_id = people.participant_id
  LEFT JOIN temp.region_info ri ON ri.region = ref.region
 GROUP BY ref.profession, ref.region
 ORDER BY ref.profession IS NULL, ref.profession, ref.region IS NULL, ri.position, ref.region)sql";
      SQLite::Statement q(db.sql(), sql);
      bind(q, params);
      while (q.executeStep())
        matrix.push_back({opt_text(q.getColumn(0)).value_or(domain::k_unknown),
                          opt_text(q.getColumn(1)).value_or(domain::k_unknown), q.getColumn(2).getInt64()});
    }
    auto& pairs = rows.organizations;
    {
      // Organizations are told apart by their name key (case, accents and punctuation
      // ignored); each is named by its first spelling in text order.
      const auto sql = "WITH " + scope_cte() + R"sql(,
so AS MATERIALIZED (
  SELECT DISTINCT att.session_id, ref.org_key AS k
    FROM att JOIN ref ON ref.participant_id = att.participant_id WHERE ref.org_key IS NOT NULL),
names AS (SELECT org_key AS k, min(organization) AS name FROM ref WHERE org_key IS NOT NULL GROUP BY org_key),
pairs AS (SELECT x.k AS ka, y.k AS kb, count(*) AS n
            FROM so x JOIN so y ON y.session_id = x.session_id AND y.k > x.k GROUP BY x.k, y.k)
SELECT na.name, nb.name, pairs.n FROM pairs JOIN names na ON na.k = pairs.ka JOIN names nb ON nb.k = pairs.kb)sql";
      SQLite::Statement q(db.sql(), sql);
      bind(q, params);
      while (q.executeStep()) {
        domain::OrganizationPair p{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getInt64()};
        if (p.b < p.a) std::swap(p.a, p.b);
        pairs.push_back(std::move(p));
      }
    }
    {
      SQLite::Statement q(db.sql(), "SELECT region FROM temp.region_info ORDER BY position, region");
      while (q.executeStep()) rows.regions.push_back(q.getColumn(0).getString());
    }
    return rows;
  });
}

domain::RetentionRows report_retention(Database& db, const domain::Params& params, bool across_series) {
  using namespace outcome_network_sql;
  if (!params.series_id) throw Error(Exit::usage, "report retention: --series CODE is required");
  return db.read([&] {
    domain::RetentionRows r;
    {
      SQLite::Statement q(db.sql(), "SELECT code FROM series WHERE id = ?");
      q.bind(1, *params.series_id);
      if (q.executeStep()) r.series = q.getColumn(0).getString();
    }
    {
      // The held sessions numbered k = 1, 2, ...; their participants found through the
      // attendance index (CROSS JOIN keeps that order) and counted per k with those of session 1
      // (the curve), then per participant (the distribution). Three short statements over the
      // same CTEs: SQLite evaluates them once each, where a compound or joined statement made it
      // rebuild the counts per session (3x slower on the bench hub).
      const auto head = "WITH " + scope_cte() + R"sql(,
numbered AS MATERIALIZED (
  SELECT sc.id, sc.number, sc.local_date, row_number() OVER (ORDER BY sc.start_utc, sc.id) AS k FROM scope sc),
attk AS MATERIALIZED (
  SELECT n.k, a.participant_id FROM numbered n CROSS JOIN attendance a ON a.session_id = n.id
   WHERE a.role = 'participant'),
firsts AS MATERIALIZED (SELECT participant_id FROM attk WHERE k = 1),
counts AS (SELECT attk.k, count(*) AS attendees, count(f.participant_id) AS retained
             FROM attk LEFT JOIN firsts f ON f.participant_id = attk.participant_id GROUP BY attk.k),
per AS (SELECT participant_id, count(*) AS n FROM attk GROUP BY participant_id)
)sql";
      {
        SQLite::Statement q(db.sql(), head + "SELECT n.k, n.number, n.local_date FROM numbered n ORDER BY n.k");
        bind(q, params);
        while (q.executeStep()) {
          domain::RetentionPoint p;
          p.k = q.getColumn(0).getInt64();
          p.session = domain::session_ref(r.series, q.getColumn(1).getInt());
          p.date = q.getColumn(2).getString();
          r.curve.push_back(std::move(p));
        }
      }
      {
        SQLite::Statement q(db.sql(), head + "SELECT k, attendees, retained FROM counts");
        bind(q, params);
        while (q.executeStep()) {
          const auto k = q.getColumn(0).getInt64();
          if (k < 1 || k > static_cast<std::int64_t>(r.curve.size())) continue;
          auto& p = r.curve[static_cast<std::size_t>(k - 1)];
          p.attendees = q.getColumn(1).getInt64();
          p.retained_from_first = q.getColumn(2).getInt64();
        }
      }
      {
        SQLite::Statement q(db.sql(), head + "SELECT n, count(*) FROM per GROUP BY n ORDER BY n");
        bind(q, params);
        while (q.executeStep()) r.counts.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64());
      }
    }
    if (across_series) {
      // Later: a held session of another series (any date up to the as-of instant) that started
      // after the participant's last session of this series in the period.
      const auto sql = "WITH " + scope_cte() + R"sql(,
last AS (SELECT att.participant_id, max(sc.start_utc) AS last
           FROM att JOIN scope sc ON sc.id = att.session_id GROUP BY att.participant_id)
SELECT p.id, p.email, p.name, r.code, min(s2.local_date)
  FROM last l JOIN attendance a2 ON a2.participant_id = l.participant_id AND a2.role = 'participant'
  JOIN session s2 ON s2.id = a2.session_id JOIN series r ON r.id = s2.series_id
  JOIN participant p ON p.id = l.participant_id
 WHERE s2.series_id <> :series AND s2.start_utc > l.last AND )sql" +
                       held("s2") + R"sql(
 GROUP BY p.id, r.code
 ORDER BY p.name_key, p.email, p.id, r.code)sql";
      SQLite::Statement q(db.sql(), sql);
      bind(q, params);
      std::vector<domain::AcrossSeries> list;
      std::int64_t current = -1;
      while (q.executeStep()) {
        const auto id = q.getColumn(0).getInt64();
        const auto date = q.getColumn(4).getString();
        if (id != current) {
          current = id;
          list.push_back({opt_text(q.getColumn(1)), q.getColumn(2).getString(), {}, date});
        }
        list.back().series.push_back(q.getColumn(3).getString());
        list.back().first_date = std::min(list.back().first_date, date);
      }
      r.across_series = std::move(list);
    }
    return r;
  });
}

} // namespace echo::db
