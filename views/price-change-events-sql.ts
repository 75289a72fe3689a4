// the published events, each with the class rebar reclassify last gave it, if any (price_change_classes_store); a
// condition on the stored events (their series, say) narrows what is read before the classes join in
export const priceChangeEventsSql = (storeWhere = 'true'): string => `
SELECT e.* REPLACE (if(ifNull(c.event_id, '') = '', e.class, c.class) AS class,
  if(ifNull(c.event_id, '') = '', e.class_evidence, c.class_evidence) AS class_evidence)
FROM (SELECT * FROM price_change_events_store FINAL WHERE ${storeWhere}) AS e
LEFT JOIN (SELECT toString(event_id) AS event_id, argMax(class, classified_at) AS class, argMax(class_evidence, classified_at) AS class_evidence
  FROM price_change_classes_store GROUP BY event_id) AS c ON c.event_id = toString(e.event_id)`;
