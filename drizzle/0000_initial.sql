CREATE TABLE "audit_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid,
	"recorded" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"agent" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"detail" jsonb
);
--> statement-breakpoint
CREATE TABLE "practices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"npi" text,
	"direct_address" text,
	"organization_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resource_versions" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"id" uuid NOT NULL,
	"version_id" integer NOT NULL,
	"last_updated" timestamp with time zone NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"content" text
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"id" uuid NOT NULL,
	"version_id" integer NOT NULL,
	"last_updated" timestamp with time zone NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"content" text,
	CONSTRAINT "resources_pk" PRIMARY KEY("practice_id","resource_type","id")
);
--> statement-breakpoint
CREATE TABLE "search_dates" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"param" text NOT NULL,
	"low" timestamp with time zone,
	"high" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "search_quantities" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"param" text NOT NULL,
	"value" numeric NOT NULL,
	"system" text,
	"code" text
);
--> statement-breakpoint
CREATE TABLE "search_references" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"param" text NOT NULL,
	"target_type" text,
	"target_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_strings" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"param" text NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_tokens" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"param" text NOT NULL,
	"system" text,
	"code" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "search_uris" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"param" text NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unique_identifiers" (
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"system" text NOT NULL,
	"value" text NOT NULL,
	"resource_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"practitioner_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "resources" ADD CONSTRAINT "resources_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_practice_recorded_idx" ON "audit_events" USING btree ("practice_id","recorded");--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("practice_id","entity_type","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resource_versions_version_unique" ON "resource_versions" USING btree ("practice_id","resource_type","id","version_id");--> statement-breakpoint
CREATE INDEX "resource_versions_type_seq_idx" ON "resource_versions" USING btree ("practice_id","resource_type","seq");--> statement-breakpoint
CREATE INDEX "resource_versions_practice_seq_idx" ON "resource_versions" USING btree ("practice_id","seq");--> statement-breakpoint
CREATE INDEX "resources_last_updated_idx" ON "resources" USING btree ("practice_id","resource_type","last_updated") WHERE "resources"."deleted" = false;--> statement-breakpoint
CREATE INDEX "search_dates_lookup_idx" ON "search_dates" USING btree ("practice_id","resource_type","param","low","high");--> statement-breakpoint
CREATE INDEX "search_dates_resource_idx" ON "search_dates" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "search_quantities_lookup_idx" ON "search_quantities" USING btree ("practice_id","resource_type","param","code","value");--> statement-breakpoint
CREATE INDEX "search_quantities_resource_idx" ON "search_quantities" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "search_references_lookup_idx" ON "search_references" USING btree ("practice_id","resource_type","param","target_id","target_type");--> statement-breakpoint
CREATE INDEX "search_references_resource_idx" ON "search_references" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "search_strings_lookup_idx" ON "search_strings" USING btree ("practice_id","resource_type","param","value" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "search_strings_resource_idx" ON "search_strings" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "search_tokens_lookup_idx" ON "search_tokens" USING btree ("practice_id","resource_type","param","code","system");--> statement-breakpoint
CREATE INDEX "search_tokens_resource_idx" ON "search_tokens" USING btree ("resource_id");--> statement-breakpoint
CREATE INDEX "search_uris_lookup_idx" ON "search_uris" USING btree ("practice_id","resource_type","param","value");--> statement-breakpoint
CREATE INDEX "search_uris_resource_idx" ON "search_uris" USING btree ("resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "unique_identifiers_unique" ON "unique_identifiers" USING btree ("practice_id","resource_type","system","value");--> statement-breakpoint
CREATE INDEX "unique_identifiers_resource_idx" ON "unique_identifiers" USING btree ("resource_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_practice_idx" ON "users" USING btree ("practice_id");