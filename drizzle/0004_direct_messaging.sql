CREATE TABLE "direct_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"message_row_id" uuid NOT NULL,
	"recipient" text NOT NULL,
	"state" text NOT NULL,
	"detail" text,
	"sent_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "direct_identities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"address" text NOT NULL,
	"certificate_pem" text NOT NULL,
	"private_key_ciphertext" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "direct_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid,
	"direction" text NOT NULL,
	"kind" text,
	"message_id" text,
	"from_address" text,
	"to_addresses" jsonb NOT NULL,
	"raw" text,
	"content_hash" text,
	"state" text NOT NULL,
	"reason" text,
	"original_message_id" text,
	"in_reply_to" uuid,
	"content" jsonb,
	"recipient_certificates" jsonb,
	"key_transport" text,
	"resources" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "direct_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"message_row_id" uuid NOT NULL,
	"state" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "direct_partners" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"name" text NOT NULL,
	"npi" text,
	"address" text NOT NULL,
	"certificate_pem" text,
	"preferred_channel" text NOT NULL,
	"key_transport" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "direct_trust_anchors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"subject" text NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"pem" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "direct_deliveries" ADD CONSTRAINT "direct_deliveries_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_deliveries" ADD CONSTRAINT "direct_deliveries_message_row_id_direct_messages_id_fk" FOREIGN KEY ("message_row_id") REFERENCES "public"."direct_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_identities" ADD CONSTRAINT "direct_identities_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_outbox" ADD CONSTRAINT "direct_outbox_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_outbox" ADD CONSTRAINT "direct_outbox_message_row_id_direct_messages_id_fk" FOREIGN KEY ("message_row_id") REFERENCES "public"."direct_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "direct_partners" ADD CONSTRAINT "direct_partners_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "direct_deliveries_recipient" ON "direct_deliveries" USING btree ("message_row_id",lower("recipient"));--> statement-breakpoint
CREATE INDEX "direct_deliveries_awaiting" ON "direct_deliveries" USING btree ("sent_at") WHERE "direct_deliveries"."state" = 'sent';--> statement-breakpoint
CREATE UNIQUE INDEX "direct_identities_address" ON "direct_identities" USING btree (lower("address"));--> statement-breakpoint
CREATE INDEX "direct_identities_practice_idx" ON "direct_identities" USING btree ("practice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "direct_messages_inbound_once" ON "direct_messages" USING btree ("content_hash",coalesce("message_id", '')) WHERE "direct_messages"."direction" = 'inbound';--> statement-breakpoint
CREATE INDEX "direct_messages_practice_message_id" ON "direct_messages" USING btree ("practice_id","message_id");--> statement-breakpoint
CREATE INDEX "direct_messages_received" ON "direct_messages" USING btree ("created_at") WHERE "direct_messages"."state" = 'received';--> statement-breakpoint
CREATE UNIQUE INDEX "direct_outbox_message" ON "direct_outbox" USING btree ("message_row_id");--> statement-breakpoint
CREATE INDEX "direct_outbox_due" ON "direct_outbox" USING btree ("next_attempt_at") WHERE "direct_outbox"."state" = 'queued';--> statement-breakpoint
CREATE UNIQUE INDEX "direct_partners_practice_address" ON "direct_partners" USING btree ("practice_id",lower("address"));--> statement-breakpoint
CREATE UNIQUE INDEX "direct_trust_anchors_fingerprint" ON "direct_trust_anchors" USING btree ("fingerprint");