CREATE TABLE "oauth_assertion_jtis" (
	"client_id" text NOT NULL,
	"jti_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oauth_assertion_jtis_pk" PRIMARY KEY("client_id","jti_hash")
);
--> statement-breakpoint
CREATE TABLE "oauth_clients" (
	"id" text PRIMARY KEY NOT NULL,
	"practice_id" uuid NOT NULL,
	"client_name" text,
	"grant_types" jsonb NOT NULL,
	"token_endpoint_auth_method" text NOT NULL,
	"token_endpoint_auth_signing_alg" text,
	"jwks" jsonb,
	"jwks_uri" text,
	"client_secret_hash" text,
	"redirect_uris" jsonb NOT NULL,
	"scope" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "oauth_clients_one_key_source" CHECK ("oauth_clients"."jwks" is null or "oauth_clients"."jwks_uri" is null)
);
--> statement-breakpoint
CREATE TABLE "oauth_revoked_tokens" (
	"jti" text PRIMARY KEY NOT NULL,
	"practice_id" uuid,
	"client_id" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_signing_keys" (
	"kid" text PRIMARY KEY NOT NULL,
	"alg" text NOT NULL,
	"public_jwk" jsonb NOT NULL,
	"private_jwk" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "oauth_assertion_jtis" ADD CONSTRAINT "oauth_assertion_jtis_client_id_oauth_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."oauth_clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_clients" ADD CONSTRAINT "oauth_clients_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oauth_assertion_jtis_expires_idx" ON "oauth_assertion_jtis" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "oauth_clients_practice_idx" ON "oauth_clients" USING btree ("practice_id");--> statement-breakpoint
CREATE INDEX "oauth_revoked_tokens_expires_idx" ON "oauth_revoked_tokens" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_signing_keys_current_alg" ON "oauth_signing_keys" USING btree ("alg") WHERE "oauth_signing_keys"."retired_at" is null;