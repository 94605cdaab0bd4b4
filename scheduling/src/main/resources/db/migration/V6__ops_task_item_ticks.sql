-- Who ticked or unticked which checklist item of an ops task, and when: the item itself keeps only the last tick.
-- Written in the transaction that changes the item, so the history and the checklist never disagree.
CREATE TABLE ops_task_item_tick (
    id           BIGSERIAL     PRIMARY KEY,
    task_id      UUID          NOT NULL REFERENCES ops_task (id) ON DELETE CASCADE,
    item_index   INT           NOT NULL,
    done         BOOLEAN       NOT NULL,
    actor_id     TEXT          NOT NULL,
    actor_name   TEXT,
    occurred_at  TIMESTAMPTZ   NOT NULL
);

CREATE INDEX ops_task_item_tick_task ON ops_task_item_tick (task_id, occurred_at, id);
