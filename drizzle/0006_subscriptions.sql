CREATE TABLE "subscription_events" (
	"practice_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"event_number" integer NOT NULL,
	"focus_type" text NOT NULL,
	"focus_id" uuid NOT NULL,
	"focus_version" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subscription_events_pk" PRIMARY KEY("subscription_id","event_number")
);
--> statement-breakpoint
CREATE TABLE "subscription_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"practice_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"event_number" integer,
	"state" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"first_attempt_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"status" text NOT NULL,
	"topic" text NOT NULL,
	"filter_param" text NOT NULL,
	"filter_reference" text NOT NULL,
	"endpoint" text NOT NULL,
	"headers" text NOT NULL,
	"payload" text NOT NULL,
	"heartbeat_seconds" integer,
	"timeout_seconds" integer,
	"event_count" integer NOT NULL,
	"error" text,
	"last_delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_outbox" ADD CONSTRAINT "subscription_outbox_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_outbox" ADD CONSTRAINT "subscription_outbox_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscription_outbox_queued" ON "subscription_outbox" USING btree ("subscription_id","seq") WHERE "subscription_outbox"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "subscription_outbox_due" ON "subscription_outbox" USING btree ("next_attempt_at") WHERE "subscription_outbox"."state" = 'queued';--> statement-breakpoint
CREATE INDEX "subscriptions_practice_live" ON "subscriptions" USING btree ("practice_id") WHERE "subscriptions"."status" in ('requested', 'active', 'error');