CREATE TABLE "lexicon_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"concepts" jsonb NOT NULL,
	"change" text NOT NULL,
	"concept_key" text NOT NULL,
	"actor_key_id" integer,
	"actor_name" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lexicon_versions_version_unique" UNIQUE("version")
);
--> statement-breakpoint
ALTER TABLE "pairings" ADD COLUMN "multipliers" jsonb;--> statement-breakpoint
ALTER TABLE "lexicon_versions" ADD CONSTRAINT "lexicon_versions_actor_key_id_api_keys_id_fk" FOREIGN KEY ("actor_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;