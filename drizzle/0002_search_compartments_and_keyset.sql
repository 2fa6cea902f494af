DROP INDEX "resources_last_updated_idx";--> statement-breakpoint
DROP INDEX "search_references_lookup_idx";--> statement-breakpoint
DROP INDEX "search_tokens_lookup_idx";--> statement-breakpoint
ALTER TABLE "search_dates" ADD COLUMN "patient_compartment" text;--> statement-breakpoint
ALTER TABLE "search_quantities" ADD COLUMN "patient_compartment" text;--> statement-breakpoint
ALTER TABLE "search_references" ADD COLUMN "patient_compartment" text;--> statement-breakpoint
ALTER TABLE "search_strings" ADD COLUMN "patient_compartment" text;--> statement-breakpoint
ALTER TABLE "search_strings" ADD COLUMN "original" text;--> statement-breakpoint
ALTER TABLE "search_tokens" ADD COLUMN "patient_compartment" text;--> statement-breakpoint
ALTER TABLE "search_uris" ADD COLUMN "patient_compartment" text;--> statement-breakpoint
CREATE INDEX "resources_type_last_updated_idx" ON "resources" USING btree ("practice_id","resource_type","last_updated","id") WHERE "resources"."deleted" = false;--> statement-breakpoint
CREATE INDEX "search_dates_compartment_idx" ON "search_dates" USING btree ("practice_id","resource_type","patient_compartment","param","resource_id","low","high") WHERE "search_dates"."patient_compartment" is not null;--> statement-breakpoint
CREATE INDEX "search_references_target_idx" ON "search_references" USING btree ("practice_id","resource_type","param","target_id","target_type","resource_id");--> statement-breakpoint
CREATE INDEX "search_tokens_code_idx" ON "search_tokens" USING btree ("practice_id","resource_type","param","code","system","resource_id");--> statement-breakpoint
CREATE INDEX "search_tokens_compartment_idx" ON "search_tokens" USING btree ("practice_id","resource_type","patient_compartment","param","code","system","resource_id") WHERE "search_tokens"."patient_compartment" is not null;--> statement-breakpoint
-- Rows indexed before this migration: tag them with the Patient compartment of their resource,
-- the one Patient its `patient` parameter points at, as the store now does on every write.
UPDATE "search_tokens" AS "row" SET "patient_compartment" = "patient"."target_id"
FROM (
  SELECT "practice_id", "resource_type", "resource_id", min("target_id") AS "target_id"
  FROM "search_references"
  WHERE "param" = 'patient' AND "target_type" = 'Patient'
  GROUP BY "practice_id", "resource_type", "resource_id"
  HAVING count(DISTINCT "target_id") = 1
) AS "patient"
WHERE "row"."practice_id" = "patient"."practice_id" AND "row"."resource_type" = "patient"."resource_type" AND "row"."resource_id" = "patient"."resource_id";--> statement-breakpoint
UPDATE "search_references" AS "row" SET "patient_compartment" = "patient"."target_id"
FROM (
  SELECT "practice_id", "resource_type", "resource_id", min("target_id") AS "target_id"
  FROM "search_references"
  WHERE "param" = 'patient' AND "target_type" = 'Patient'
  GROUP BY "practice_id", "resource_type", "resource_id"
  HAVING count(DISTINCT "target_id") = 1
) AS "patient"
WHERE "row"."practice_id" = "patient"."practice_id" AND "row"."resource_type" = "patient"."resource_type" AND "row"."resource_id" = "patient"."resource_id";--> statement-breakpoint
UPDATE "search_dates" AS "row" SET "patient_compartment" = "patient"."target_id"
FROM (
  SELECT "practice_id", "resource_type", "resource_id", min("target_id") AS "target_id"
  FROM "search_references"
  WHERE "param" = 'patient' AND "target_type" = 'Patient'
  GROUP BY "practice_id", "resource_type", "resource_id"
  HAVING count(DISTINCT "target_id") = 1
) AS "patient"
WHERE "row"."practice_id" = "patient"."practice_id" AND "row"."resource_type" = "patient"."resource_type" AND "row"."resource_id" = "patient"."resource_id";--> statement-breakpoint
UPDATE "search_strings" AS "row" SET "patient_compartment" = "patient"."target_id"
FROM (
  SELECT "practice_id", "resource_type", "resource_id", min("target_id") AS "target_id"
  FROM "search_references"
  WHERE "param" = 'patient' AND "target_type" = 'Patient'
  GROUP BY "practice_id", "resource_type", "resource_id"
  HAVING count(DISTINCT "target_id") = 1
) AS "patient"
WHERE "row"."practice_id" = "patient"."practice_id" AND "row"."resource_type" = "patient"."resource_type" AND "row"."resource_id" = "patient"."resource_id";--> statement-breakpoint
UPDATE "search_quantities" AS "row" SET "patient_compartment" = "patient"."target_id"
FROM (
  SELECT "practice_id", "resource_type", "resource_id", min("target_id") AS "target_id"
  FROM "search_references"
  WHERE "param" = 'patient' AND "target_type" = 'Patient'
  GROUP BY "practice_id", "resource_type", "resource_id"
  HAVING count(DISTINCT "target_id") = 1
) AS "patient"
WHERE "row"."practice_id" = "patient"."practice_id" AND "row"."resource_type" = "patient"."resource_type" AND "row"."resource_id" = "patient"."resource_id";--> statement-breakpoint
UPDATE "search_uris" AS "row" SET "patient_compartment" = "patient"."target_id"
FROM (
  SELECT "practice_id", "resource_type", "resource_id", min("target_id") AS "target_id"
  FROM "search_references"
  WHERE "param" = 'patient' AND "target_type" = 'Patient'
  GROUP BY "practice_id", "resource_type", "resource_id"
  HAVING count(DISTINCT "target_id") = 1
) AS "patient"
WHERE "row"."practice_id" = "patient"."practice_id" AND "row"."resource_type" = "patient"."resource_type" AND "row"."resource_id" = "patient"."resource_id";
