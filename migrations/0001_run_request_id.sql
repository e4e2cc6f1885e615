ALTER TABLE "profile_runs" ADD COLUMN "request_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "profile_runs_request_idx" ON "profile_runs" USING btree ("request_id");