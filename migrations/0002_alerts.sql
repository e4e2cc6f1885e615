CREATE TYPE "public"."alert_level" AS ENUM('info', 'warning', 'error');--> statement-breakpoint
CREATE TYPE "public"."alert_status" AS ENUM('pending', 'sent');--> statement-breakpoint
CREATE TABLE "alert_dispatch" (
	"id" integer PRIMARY KEY NOT NULL,
	"last_batch_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_record_failures" (
	"profile_id" integer NOT NULL,
	"record_key" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_record_failures_profile_id_record_key_pk" PRIMARY KEY("profile_id","record_key")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"level" "alert_level" NOT NULL,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"repeats" integer DEFAULT 0 NOT NULL,
	"status" "alert_status" DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"emailed_at" timestamp with time zone,
	"posted_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE INDEX "alerts_status_idx" ON "alerts" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "alerts_key_idx" ON "alerts" USING btree ("key","created_at");