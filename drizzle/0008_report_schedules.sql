CREATE TABLE "report_schedules" (
	"practice_id" uuid PRIMARY KEY NOT NULL,
	"every_days" integer NOT NULL,
	"every_sessions" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;