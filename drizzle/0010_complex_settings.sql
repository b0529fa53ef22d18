CREATE TABLE "complex_settings" (
	"complex" text PRIMARY KEY NOT NULL,
	"outreach" boolean DEFAULT true NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
