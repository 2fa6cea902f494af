CREATE TABLE "document_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"recipient" text,
	"message_row_id" uuid,
	"failure" text,
	"downloaded_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "document_deliveries" ADD CONSTRAINT "document_deliveries_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_deliveries" ADD CONSTRAINT "document_deliveries_message_row_id_direct_messages_id_fk" FOREIGN KEY ("message_row_id") REFERENCES "public"."direct_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_deliveries_document" ON "document_deliveries" USING btree ("practice_id","resource_type","resource_id");--> statement-breakpoint
CREATE INDEX "document_deliveries_message" ON "document_deliveries" USING btree ("message_row_id");