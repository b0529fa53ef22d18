CREATE TABLE "pairing_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"pairing_id" integer NOT NULL,
	"actor_key_id" integer,
	"actor_name" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pairings" ADD COLUMN "source" text DEFAULT 'batch' NOT NULL;--> statement-breakpoint
ALTER TABLE "pairings" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "pairings" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "pairings" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "pairings" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "complex" text;--> statement-breakpoint
ALTER TABLE "pairing_events" ADD CONSTRAINT "pairing_events_pairing_id_pairings_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_events" ADD CONSTRAINT "pairing_events_actor_key_id_api_keys_id_fk" FOREIGN KEY ("actor_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pairing_events_pairing_idx" ON "pairing_events" USING btree ("pairing_id");--> statement-breakpoint
CREATE INDEX "pairing_events_created_idx" ON "pairing_events" USING btree ("created_at");