CREATE TABLE "profile_failed_records" (
	"profile_id" integer NOT NULL,
	"record_key" text NOT NULL,
	"retry_id" text NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"reason" text NOT NULL,
	"first_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_failed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"gave_up_at" timestamp with time zone,
	CONSTRAINT "profile_failed_records_profile_id_record_key_pk" PRIMARY KEY("profile_id","record_key")
);
--> statement-breakpoint
ALTER TABLE "profile_failed_records" ADD CONSTRAINT "profile_failed_records_profile_id_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "profile_failed_records_due_idx" ON "profile_failed_records" USING btree ("profile_id","gave_up_at","last_failed_at");