-- Referrals closed for good (cancelled, or the person withdrew consent), learnt from the ledger's
-- ReferralCancelled on pathway.referral.events. The delivery worker reads this at send time: a
-- queued or retrying delivery about a closed referral is withheld, never sent, unless it is the
-- router's answer to the closure itself (its request's causation id is closing_event_id).
create table referral_closure (
    referral_id       varchar(200) not null primary key,
    closing_event_id  varchar(64)  not null,
    reason_code       varchar(200),
    closed_at         bigint       not null,
    recorded_at       bigint       not null
);
