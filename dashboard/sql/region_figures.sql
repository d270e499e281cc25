-- The dashboard's per-region figures that the ORM cannot express in one query: one UNION ALL whose rows are
-- (kind, region or year, key, value), read by dashboard.selectors._compute_region_figures.
-- Python's str.format fills in the table names of the models, the settled-report condition on alias r, the
-- optional region and landsdeel filters and the ranking of peer-review states (all constants or named
-- parameters). Values are named parameters: programme_year_id, programme_id, year, today, region_id and
-- landsdeel (no placeholder may appear in a comment: the driver would count it).

-- now: this year's published placemat, one row per theme score
SELECT 'now' AS kind, p.region_id, cs.theme_id, cs.score
  FROM {score} cs JOIN {placemat} p ON p.id = cs.placemat_id JOIN {region} rg ON rg.id = p.region_id
 WHERE p.programme_year_id = %(programme_year_id)s AND p.status = 'published'{region_cond}{land_cond}
UNION ALL
-- before: the region's previous published placemat (the latest year before this one), per theme
SELECT 'before', p.region_id, cs.theme_id, cs.score
  FROM {score} cs JOIN {placemat} p ON p.id = cs.placemat_id JOIN {pyear} y ON y.id = p.programme_year_id
  JOIN {region} rg ON rg.id = p.region_id
  JOIN (SELECT p2.region_id, MAX(y2.year) AS last_year
          FROM {placemat} p2 JOIN {pyear} y2 ON y2.id = p2.programme_year_id
         WHERE p2.status = 'published' AND y2.programme_id = %(programme_id)s AND y2.year < %(year)s
         GROUP BY p2.region_id) last ON last.region_id = p.region_id AND last.last_year = y.year
 WHERE p.status = 'published' AND y.programme_id = %(programme_id)s{region_cond}{land_cond}
UNION ALL
-- gap: themes where the settled self-assessment is 2 or more above the committee's published score
SELECT 'gap', p.region_id, NULL, COUNT(*)
  FROM {selfa} sa JOIN {report} r ON r.id = sa.report_id
  JOIN {placemat} p ON p.region_id = r.region_id AND p.programme_year_id = r.programme_year_id
  JOIN {score} cs ON cs.placemat_id = p.id AND cs.theme_id = sa.theme_id
  JOIN {region} rg ON rg.id = p.region_id
 WHERE r.programme_year_id = %(programme_year_id)s AND {settled_r} AND p.status = 'published'
   AND sa.score >= cs.score + 2{region_cond}{land_cond}
 GROUP BY p.region_id
UNION ALL
-- actions: follow-up actions of audit visits that are overdue today
SELECT 'actions', p.region_id, NULL, COUNT(*)
  FROM {action} a JOIN {visit} p ON p.id = a.visit_id JOIN {pyear} y ON y.id = p.programme_year_id
  JOIN {region} rg ON rg.id = p.region_id
 WHERE y.programme_id = %(programme_id)s AND a.done = FALSE AND a.due_date < %(today)s{region_cond}{land_cond}
 GROUP BY p.region_id
UNION ALL
-- review_now: this year's peer reviews of the region as host, ranked by state (the page shows the latest)
SELECT 'review_now', pr.host_region_id, pr.id, CASE pr.status {rank} END
  FROM {review} pr
 WHERE pr.programme_year_id = %(programme_year_id)s AND pr.status <> 'cancelled' AND pr.host_region_id IS NOT NULL
UNION ALL
-- review_any: whether the region hosted any peer review in the programme
SELECT 'review_any', pr.host_region_id, NULL, COUNT(*)
  FROM {review} pr JOIN {pyear} y ON y.id = pr.programme_year_id
 WHERE y.programme_id = %(programme_id)s AND pr.status <> 'cancelled' AND pr.host_region_id IS NOT NULL
 GROUP BY pr.host_region_id
UNION ALL
-- review_now, as peer region
SELECT 'review_now', pr.peer_region_id, pr.id, CASE pr.status {rank} END
  FROM {review} pr
 WHERE pr.programme_year_id = %(programme_year_id)s AND pr.status <> 'cancelled' AND pr.peer_region_id IS NOT NULL
UNION ALL
-- review_any, as peer region
SELECT 'review_any', pr.peer_region_id, NULL, COUNT(*)
  FROM {review} pr JOIN {pyear} y ON y.id = pr.programme_year_id
 WHERE y.programme_id = %(programme_id)s AND pr.status <> 'cancelled' AND pr.peer_region_id IS NOT NULL
 GROUP BY pr.peer_region_id
UNION ALL
-- joined: regions taking part (not stopped) per join year, for the completeness trend
SELECT 'joined', rg.join_year, NULL, COUNT(*)
  FROM {region} rg
 WHERE rg.programme_id = %(programme_id)s AND rg.status <> 'stopped'{land_cond}
 GROUP BY rg.join_year
UNION ALL
-- in: reports submitted per year (key: how many on time)
SELECT 'in', y.year, SUM(CASE WHEN r.is_late THEN 0 ELSE 1 END), COUNT(*)
  FROM {report} r JOIN {pyear} y ON y.id = r.programme_year_id JOIN {region} rg ON rg.id = r.region_id
 WHERE y.programme_id = %(programme_id)s AND rg.status <> 'stopped' AND rg.join_year <= y.year
   AND r.first_submitted_at IS NOT NULL{land_cond}
 GROUP BY y.year
UNION ALL
-- accepted: reports accepted per year
SELECT 'accepted', y.year, NULL, COUNT(*)
  FROM {report} r JOIN {pyear} y ON y.id = r.programme_year_id JOIN {region} rg ON rg.id = r.region_id
 WHERE y.programme_id = %(programme_id)s AND rg.status <> 'stopped' AND rg.join_year <= y.year
   AND r.status = 'accepted'{land_cond}
 GROUP BY y.year
UNION ALL
-- settled: reports whose figures count (monitoring.selectors.SETTLED_STATUSES) per year
SELECT 'settled', y.year, NULL, COUNT(*)
  FROM {report} r JOIN {pyear} y ON y.id = r.programme_year_id JOIN {region} rg ON rg.id = r.region_id
 WHERE y.programme_id = %(programme_id)s AND rg.status <> 'stopped' AND rg.join_year <= y.year
   AND {settled_r}{land_cond}
 GROUP BY y.year
