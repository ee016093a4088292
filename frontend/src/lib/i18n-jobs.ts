// The strings of the scheduled-jobs screen, loaded with it only: whole-country
// admins open it. Vietnamese and English side by side (same keys, checked by tsc).
import { extend } from './i18n';

const vi = {
  jobs_title: 'Tác vụ định kỳ',
  jobs_help: 'Máy chủ tự chạy các tác vụ này theo giờ {tz}. Mỗi lần chạy được ghi vào cơ sở dữ liệu trước khi bắt đầu, nên dù có nhiều máy chủ, mỗi lần chỉ chạy một lần; máy chủ khởi động lại sau khi lỡ giờ sẽ chạy bù ngay.',
  jobs_none: 'Không có tác vụ nào được bật.',
  jobs_job: 'Tác vụ',
  jobs_spec: 'Lịch (cron)',
  jobs_next: 'Lần chạy tới',
  jobs_runs: 'Các lần chạy gần đây',
  jobs_runs_none: 'Chưa có lần chạy nào.',
  jobs_slot: 'Theo lịch lúc',
  jobs_started: 'Bắt đầu',
  jobs_finished: 'Kết thúc',
  jobs_instance: 'Máy chủ',
  jobs_outcome: 'Kết quả',
  jobs_ok: 'Thành công',
  jobs_error: 'Lỗi',
  jobs_running: 'Đang chạy',
  jobs_refresh: 'Tải lại',
  job_plans_expand: 'Tạo lại công việc theo kế hoạch của năm (công việc theo kịp sổ hộ)',
  job_reports_ensure: 'Tạo trước các báo cáo định kỳ của năm (theo chế độ báo cáo và đơn vị hiện có)',
};

const en: Record<keyof typeof vi, string> = {
  jobs_title: 'Scheduled jobs',
  jobs_help: 'The server runs these jobs by the clock of {tz}. Each run is written to the database before it starts, so with several servers each runs once; a server that restarts after missing its time runs it at once.',
  jobs_none: 'No job is turned on.',
  jobs_job: 'Job',
  jobs_spec: 'Schedule (cron)',
  jobs_next: 'Next run',
  jobs_runs: 'Recent runs',
  jobs_runs_none: 'No run yet.',
  jobs_slot: 'Scheduled for',
  jobs_started: 'Started',
  jobs_finished: 'Finished',
  jobs_instance: 'Server',
  jobs_outcome: 'Outcome',
  jobs_ok: 'Done',
  jobs_error: 'Failed',
  jobs_running: 'Running',
  jobs_refresh: 'Reload',
  job_plans_expand: "Expand the year's plans again (tasks follow the register)",
  job_reports_ensure: "Create the year's periodic reports ahead (by the obligations and the units in force)",
};

export type JobsKey = keyof typeof vi;

extend(vi, en);
