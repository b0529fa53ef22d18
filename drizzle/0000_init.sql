CREATE TABLE "enterprises" (
	"id" serial PRIMARY KEY NOT NULL,
	"credit_code" text NOT NULL,
	"name" text NOT NULL,
	"region" text NOT NULL,
	"industry" text,
	"contact" jsonb,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enterprises_credit_code_unique" UNIQUE("credit_code"),
	CONSTRAINT "enterprises_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "need_embeddings" (
	"need_id" integer PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"vector" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" serial PRIMARY KEY NOT NULL,
	"enterprise_id" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text,
	"industry" text,
	"region" text,
	"wants_voucher" boolean DEFAULT false NOT NULL,
	"budget" double precision,
	"deadline" date,
	"status" text DEFAULT 'open' NOT NULL,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "needs_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "resource_embeddings" (
	"resource_id" integer PRIMARY KEY NOT NULL,
	"model_id" text NOT NULL,
	"content_hash" text NOT NULL,
	"vector" "bytea" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"industries" text[] DEFAULT '{}'::text[] NOT NULL,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"region" text,
	"voucher_eligible" boolean DEFAULT false NOT NULL,
	"capacity_per_month" integer DEFAULT 10 NOT NULL,
	"availability" text DEFAULT 'available' NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"contact" jsonb,
	"external_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "resources_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
ALTER TABLE "need_embeddings" ADD CONSTRAINT "need_embeddings_need_id_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."needs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_enterprise_id_enterprises_id_fk" FOREIGN KEY ("enterprise_id") REFERENCES "public"."enterprises"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_embeddings" ADD CONSTRAINT "resource_embeddings_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "needs_enterprise_idx" ON "needs" USING btree ("enterprise_id");--> statement-breakpoint
CREATE INDEX "needs_status_idx" ON "needs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "resources_kind_idx" ON "resources" USING btree ("kind");