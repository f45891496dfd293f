#include "echo/db/reference.hpp"

#include "echo/util/text.hpp"

#include <string>

namespace echo::db {

namespace {

void bind_optional(SQLite::Statement& q, int index, const std::optional<std::int64_t>& v) {
  if (v)
    q.bind(index, static_cast<std::int64_t>(*v));
  else
    q.bind(index);
}

} // namespace

void load_reference(Database& db, const config::Config& config) {
  db.read([&] {
    auto& sql = db.sql();
    sql.exec(R"sql(
      DROP VIEW IF EXISTS temp.participant_ref;
      DROP TABLE IF EXISTS temp.region_ref;
      DROP TABLE IF EXISTS temp.region_info;
      DROP TABLE IF EXISTS temp.profession_ref;
      DROP TABLE IF EXISTS temp.competency_info;
      CREATE TEMP TABLE region_info (region TEXT PRIMARY KEY, population INTEGER, providers INTEGER,
                                     rural REAL, position INTEGER NOT NULL);
      CREATE TEMP TABLE region_ref (key TEXT PRIMARY KEY, region TEXT NOT NULL) WITHOUT ROWID;
      CREATE TEMP TABLE profession_ref (key TEXT PRIMARY KEY, profession TEXT NOT NULL) WITHOUT ROWID;
      CREATE TEMP TABLE competency_info (code TEXT PRIMARY KEY, title TEXT NOT NULL, position INTEGER NOT NULL);
    )sql");

    SQLite::Statement info(sql, "INSERT INTO temp.region_info VALUES (?1, ?2, ?3, ?4, ?5)");
    SQLite::Statement region_ref(sql, "INSERT OR IGNORE INTO temp.region_ref VALUES (?1, ?2)");
    int position = 0;
    for (const auto& r : config.regions) {
      info.reset();
      info.bind(1, r.name);
      bind_optional(info, 2, r.population);
      bind_optional(info, 3, r.providers);
      if (r.rural)
        info.bind(4, *r.rural);
      else
        info.bind(4);
      info.bind(5, position++);
      info.exec();
      region_ref.reset();
      region_ref.bind(1, util::label_key(r.name));
      region_ref.bind(2, r.name);
      region_ref.exec();
      for (const auto& alias : r.aliases) {
        region_ref.reset();
        region_ref.bind(1, util::label_key(alias));
        region_ref.bind(2, r.name);
        region_ref.exec();
      }
    }

    SQLite::Statement profession_ref(sql, "INSERT OR IGNORE INTO temp.profession_ref VALUES (?1, ?2)");
    for (const auto& p : config.professions)
      for (const auto* spelling : {&p.alias, &p.profession}) {
        profession_ref.reset();
        profession_ref.bind(1, util::label_key(*spelling));
        profession_ref.bind(2, p.profession);
        profession_ref.exec();
      }

    SQLite::Statement competency(sql, "INSERT INTO temp.competency_info VALUES (?1, ?2, ?3)");
    position = 0;
    for (const auto& d : config.competencies) {
      competency.reset();
      competency.bind(1, d.code);
      competency.bind(2, d.title);
      competency.bind(3, position++);
      competency.exec();
    }

    // Without configured regions, a participant's region is what they wrote.
    const std::string region = config.regions.empty() ? "NULLIF(trim(p.region), '')" : "rr.region";
    sql.exec(R"sql(
      CREATE TEMP VIEW participant_ref AS
      SELECT p.id AS participant_id,
             COALESCE(pr.profession, NULLIF(trim(p.profession), '')) AS profession,
             )sql" +
             region +
             R"sql( AS region,
             NULLIF(trim(p.organization), '') AS organization,
             p.rural AS rural
        FROM main.participant p
        LEFT JOIN temp.profession_ref pr ON pr.key = replace(echo_name_key(p.profession), ' ', '')
        LEFT JOIN temp.region_ref rr ON rr.key = replace(echo_name_key(p.region), ' ', '')
    )sql");
  });
}

} // namespace echo::db
