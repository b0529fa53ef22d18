ALTER TABLE "batch_runs" ALTER COLUMN "status" SET DEFAULT 'queued';--> statement-breakpoint
ALTER TABLE "batch_runs" ALTER COLUMN "started_at" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "batch_runs" ALTER COLUMN "started_at" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_runs" ADD COLUMN "options" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_runs" ADD COLUMN "phase" text;--> statement-breakpoint
ALTER TABLE "batch_runs" ADD COLUMN "attempt" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_runs" ADD COLUMN "owner" text;--> statement-breakpoint
ALTER TABLE "batch_runs" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "batch_runs" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Runs the previous version left running belong to processes that are gone.
UPDATE "batch_runs" SET "status" = 'abandoned', "finished_at" = now() WHERE "status" = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "batch_runs_one_active" ON "batch_runs" USING btree ((true)) WHERE "batch_runs"."status" in ('queued', 'running');