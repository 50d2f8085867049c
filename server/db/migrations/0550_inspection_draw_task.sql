-- An enforcement inspection started from a 双随机 task (draw_tasks) keeps the task's id: the plans count it as a
-- drawn inspection and the draw's public page shows the task's result. One live (not cancelled) inspection per task.
alter table inspections add column draw_task_id uuid references draw_tasks (id);
create unique index inspections_draw_task on inspections (draw_task_id) where draw_task_id is not null and state <> 'cancelled';
