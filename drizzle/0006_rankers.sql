CREATE TABLE "rankers" (
	"id" serial PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"weights" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pairings" ADD COLUMN "industry" text;