CREATE TYPE "public"."message_level" AS ENUM('info', 'warn', 'error');--> statement-breakpoint
CREATE TYPE "public"."profile_status" AS ENUM('created', 'configured', 'tested', 'active', 'disabled');--> statement-breakpoint
CREATE TYPE "public"."run_mode" AS ENUM('delta', 'full', 'ids');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('running', 'completed', 'partial', 'failed', 'paused');--> statement-breakpoint
CREATE TYPE "public"."run_trigger" AS ENUM('manual', 'cron', 'event');--> statement-breakpoint
CREATE TYPE "public"."job_state" AS ENUM('waiting', 'delayed', 'active', 'completed', 'dead');--> statement-breakpoint
CREATE TYPE "public"."inbox_status" AS ENUM('pending', 'dispatched', 'ignored');--> statement-breakpoint
CREATE TABLE "profile_run_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"level" "message_level" NOT NULL,
	"record_key" text,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" integer NOT NULL,
	"trigger" "run_trigger" NOT NULL,
	"mode" "run_mode" DEFAULT 'delta' NOT NULL,
	"status" "run_status" DEFAULT 'running' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"job_id" text,
	"checkpoint" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"total" integer,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "profile_schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"profile_id" integer NOT NULL,
	"cron" text NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"window_start" text,
	"window_end" text,
	"mode" "run_mode" DEFAULT 'delta' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_state" (
	"profile_id" integer NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "profile_state_profile_id_key_pk" PRIMARY KEY("profile_id","key")
);
--> statement-breakpoint
CREATE TABLE "profiles" (
	"id" serial PRIMARY KEY NOT NULL,
	"type_id" text NOT NULL,
	"name" text NOT NULL,
	"status" "profile_status" DEFAULT 'created' NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entity_links" (
	"entity_type" text NOT NULL,
	"magento_key" text NOT NULL,
	"plenty_id" text NOT NULL,
	"hash" text,
	"aspect_hashes" jsonb,
	"meta" jsonb,
	"last_written_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "plentygate_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "queue_jobs" (
	"queue" text NOT NULL,
	"id" text NOT NULL,
	"seq" bigserial NOT NULL,
	"name" text NOT NULL,
	"data" jsonb DEFAULT 'null'::jsonb NOT NULL,
	"state" "job_state" DEFAULT 'waiting' NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"attempts_made" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 1 NOT NULL,
	"backoff" jsonb,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text,
	"locked_until" timestamp with time zone,
	"dedupe_id" text,
	"dedupe_until" timestamp with time zone,
	"last_error" text,
	"result" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"format" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"body" text NOT NULL,
	"event" jsonb,
	"note" text,
	"status" "inbox_status" DEFAULT 'pending' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"dispatched_at" timestamp with time zone,
	"jobs" jsonb
);
--> statement-breakpoint
CREATE TABLE "connector_tokens" (
	"key" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "profile_run_messages" ADD CONSTRAINT "profile_run_messages_run_id_profile_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."profile_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_runs" ADD CONSTRAINT "profile_runs_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_schedules" ADD CONSTRAINT "profile_schedules_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "profile_state" ADD CONSTRAINT "profile_state_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "profile_run_messages_run_idx" ON "profile_run_messages" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "profile_runs_profile_started_idx" ON "profile_runs" USING btree ("profile_id","started_at");--> statement-breakpoint
CREATE INDEX "profile_runs_status_idx" ON "profile_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "profile_runs_job_idx" ON "profile_runs" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "profile_schedules_profile_idx" ON "profile_schedules" USING btree ("profile_id");--> statement-breakpoint
CREATE UNIQUE INDEX "profiles_type_id_unique" ON "profiles" USING btree ("type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "entity_links_magento_unique" ON "entity_links" USING btree ("entity_type","magento_key");--> statement-breakpoint
CREATE INDEX "entity_links_plenty_idx" ON "entity_links" USING btree ("entity_type","plenty_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credentials_name_unique" ON "credentials" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_jobs_pk" ON "queue_jobs" USING btree ("queue","id");--> statement-breakpoint
CREATE INDEX "queue_jobs_ready_idx" ON "queue_jobs" USING btree ("queue","state","priority","run_at");--> statement-breakpoint
CREATE INDEX "queue_jobs_dedupe_idx" ON "queue_jobs" USING btree ("queue","dedupe_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_inbox_dedupe_unique" ON "webhook_inbox" USING btree ("source","dedupe_key");--> statement-breakpoint
CREATE INDEX "webhook_inbox_status_received_idx" ON "webhook_inbox" USING btree ("status","received_at");