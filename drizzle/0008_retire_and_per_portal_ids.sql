ALTER TABLE "enterprises" DROP CONSTRAINT "enterprises_external_id_unique";--> statement-breakpoint
ALTER TABLE "needs" DROP CONSTRAINT "needs_external_id_unique";--> statement-breakpoint
ALTER TABLE "resources" DROP CONSTRAINT "resources_external_id_unique";--> statement-breakpoint
ALTER TABLE "pairing_events" DROP CONSTRAINT "pairing_events_pairing_id_pairings_id_fk";
--> statement-breakpoint
ALTER TABLE "enterprises" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "resources" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "pairing_events" ADD CONSTRAINT "pairing_events_pairing_id_pairings_id_fk" FOREIGN KEY ("pairing_id") REFERENCES "public"."pairings"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enterprises_owner_external_id_uq" ON "enterprises" USING btree (coalesce("owner_key_id", 0),"external_id") WHERE "enterprises"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "needs_owner_external_id_uq" ON "needs" USING btree (coalesce("owner_key_id", 0),"external_id") WHERE "needs"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "resources_owner_external_id_uq" ON "resources" USING btree (coalesce("owner_key_id", 0),"external_id") WHERE "resources"."external_id" is not null;