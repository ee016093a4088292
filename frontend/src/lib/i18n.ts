// Every string the UI shows goes through this module. Vietnamese is the
// first language; English must have exactly the same keys (checked by tsc).
import { derived, writable } from 'svelte/store';
import type { AssignKey } from './i18n-assign';
import type { JobsKey } from './i18n-jobs';
import type { UnitsKey } from './i18n-units';
import type { OnboardingKey } from './i18n-onboarding';
import type { AreasKey } from './i18n-areas';
import type { PlanKey } from './i18n-plan';
import type { ReportsKey } from './i18n-reports';

export type Lang = 'vi' | 'en';

const vi = {
  app_name: 'Chung Tay',
  app_tagline: 'Chung tay vì người nghèo',
  nav_main: 'Điều hướng chính',
  nav_areas: 'Địa bàn',
  nav_units: 'Đơn vị',
  nav_households: 'Hộ gia đình',
  nav_import: 'Nhập Excel',
  menu: 'Menu',
  lang_label: 'Ngôn ngữ',
  loading: 'Đang tải…',
  retry: 'Thử lại',
  reload: 'Tải lại',
  cancel: 'Hủy',
  save: 'Lưu',
  saving: 'Đang lưu…',
  saved: 'Đã lưu.',
  clear: 'Bỏ chọn',
  change: 'Đổi',
  all: 'Tất cả',
  none: 'Không có',
  required: 'Bắt buộc nhập.',
  error_network: 'Không kết nối được máy chủ. Kiểm tra mạng và thử lại.',
  error_generic: 'Đã có lỗi xảy ra (mã {status}).',
  form_errors: 'Vui lòng kiểm tra các trường được đánh dấu.',
  request_id: 'Mã yêu cầu',
  not_found_page: 'Không tìm thấy trang này.',
  go_home: 'Về trang địa bàn',
  forbidden_page: 'Tài khoản của bạn không có quyền mở trang này.',
  go_start: 'Về trang đầu',

  areas_title: 'Địa bàn',
  areas_hint: 'Bấm vào tên địa bàn để xem danh sách hộ.',
  expand: 'Mở {name}',
  collapse: 'Thu gọn {name}',
  count_poor: 'Nghèo',
  count_near_poor: 'Cận nghèo',
  count_tracked: 'Theo dõi',
  area_total: '{total} hộ dân (năm {year})',
  rate_poor: 'Tỷ lệ nghèo {rate}',
  rate_near_poor: 'cận nghèo {rate}',
  no_areas: 'Chưa có địa bàn nào.',
  dissolved: 'Đã giải thể {date}',
  merged_on: 'Đã sáp nhập {date}',
  area_manage: 'Quản lý',
  area_manage_of: 'Quản lý địa bàn {name}',

  hh_title: 'Hộ gia đình',
  hh_count: '{n} hộ',
  filters: 'Bộ lọc',
  filter_area: 'Địa bàn',
  all_areas: 'Tất cả địa bàn',
  filter_class: 'Phân loại',
  filter_deprivation: 'Chỉ số thiếu hụt',
  filter_flag: 'Đặc điểm hộ',
  filter_year: 'Năm',
  search_label: 'Tìm kiếm',
  search_ph: 'Tên chủ hộ hoặc mã hộ',
  show_archived: 'Chỉ hiện hộ đã lưu trữ',
  sort: 'Sắp xếp',
  sort_code: 'Mã hộ (tăng dần)',
  sort_code_desc: 'Mã hộ (giảm dần)',
  sort_head: 'Tên chủ hộ (A→Z)',
  sort_head_desc: 'Tên chủ hộ (Z→A)',
  sort_members_desc: 'Nhân khẩu (nhiều trước)',
  sort_members: 'Nhân khẩu (ít trước)',
  sort_updated_desc: 'Mới cập nhật trước',
  sort_updated: 'Cập nhật lâu nhất trước',
  export_excel: 'Xuất Excel',
  add_household: 'Thêm hộ',
  clear_filters: 'Xóa bộ lọc',
  no_households: 'Không có hộ nào phù hợp.',
  page_of: 'Trang {page}/{pages}',
  prev: '‹ Trước',
  next: 'Sau ›',
  urban: 'Thành thị',
  rural: 'Nông thôn',
  archived_badge: 'Đã lưu trữ',

  area_search: 'Tìm địa bàn',
  area_search_ph: 'Gõ tên hoặc mã địa bàn',
  no_results: 'Không có kết quả.',

  f_code: 'Mã hộ',
  f_head_name: 'Họ tên chủ hộ',
  f_address: 'Địa chỉ',
  f_area: 'Địa bàn (tổ dân phố)',
  f_members: 'Số nhân khẩu',
  f_urban: 'Khu vực',
  f_urban_box: 'Hộ ở khu vực thành thị',
  f_income: 'Thu nhập bình quân (đồng/người/tháng)',
  f_deprivations: 'Chỉ số thiếu hụt',
  f_deprivations_hint: 'Đánh dấu các chỉ số mà hộ bị thiếu hụt.',
  f_causes: 'Nguyên nhân nghèo',
  f_flags: 'Đặc điểm hộ',
  f_standard: 'Chuẩn nghèo',
  f_classification: 'Phân loại',
  f_year: 'Năm',
  f_note: 'Ghi chú',
  f_created: 'Ngày tạo',
  f_updated: 'Cập nhật lần cuối',
  f_archived: 'Ngày lưu trữ',
  f_archive_reason: 'Lý do lưu trữ',
  income_per: '{v} / người / tháng',
  class_auto: 'Tự tính theo chuẩn nghèo',
  hint_label: 'Theo chuẩn đã chọn, hộ này là:',
  hint_computing: 'Đang tính phân loại…',

  back_to_list: '‹ Danh sách hộ',
  history_title: 'Lịch sử phân loại',
  events_title: 'Biến động (thay đổi phân loại)',
  col_year: 'Năm',
  col_standard: 'Chuẩn',
  col_income: 'Thu nhập',
  col_decision: 'Số quyết định',
  col_date: 'Ngày',
  col_change: 'Thay đổi',
  col_reason: 'Lý do',
  no_records: 'Chưa có dữ liệu.',
  edit: 'Sửa thông tin',
  archive: 'Lưu trữ hộ',
  archive_confirm: 'Xác nhận lưu trữ',
  archived_ok: 'Đã lưu trữ hộ.',
  record_event: 'Ghi nhận biến động',
  event_date: 'Ngày biến động (dd/mm/yyyy)',
  event_to_class: 'Phân loại mới',
  event_decision: 'Số quyết định',
  event_reason: 'Lý do',
  event_save: 'Lưu biến động',
  event_saved: 'Đã ghi nhận biến động.',
  date_invalid: 'Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.',
  number_invalid: 'Vui lòng nhập một số nguyên không âm.',

  create_title: 'Thêm hộ gia đình',
  edit_title: 'Sửa thông tin hộ {code}',

  import_title: 'Nhập danh sách hộ từ Excel',
  import_help:
    'Bước 1: tải mẫu và điền danh sách. Bước 2: chọn tệp rồi bấm "Kiểm tra" — hệ thống báo lỗi từng dòng và chưa ghi gì. Bước 3: khi không còn lỗi, bấm "Nhập".',
  import_template: 'Tải mẫu Excel',
  import_choose: 'Chọn tệp Excel (.xlsx)…',
  import_no_file: 'Chưa chọn tệp nào.',
  import_dry_run: 'Kiểm tra (dry run)',
  import_run: 'Nhập',
  import_uploading: 'Đang tải tệp lên…',
  import_rows: 'Số dòng',
  import_created: 'Thêm mới',
  import_updated: 'Cập nhật',
  import_unchanged: 'Không đổi',
  import_errors: 'Lỗi',
  import_checked_ok: 'Tệp hợp lệ, chưa ghi dữ liệu. Bấm "Nhập" để ghi vào sổ.',
  import_done: 'Đã nhập xong.',
  import_has_errors: 'Tệp có {n} lỗi. Chưa ghi dữ liệu nào — sửa tệp rồi kiểm tra lại.',
  import_sheet: 'Đã đọc trang tính "{sheet}", tiêu đề ở dòng {rows}.',
  import_ignored: 'Các cột không được đọc (bỏ qua):',
  import_skipped: 'Các dòng bỏ qua:',
  col_row: 'Dòng',
  col_column: 'Cột',
  col_field: 'Trường',
  col_message: 'Nội dung lỗi',

  nav_users: 'Người dùng',
  nav_audit: 'Nhật ký',
  nav_jobs: 'Tác vụ định kỳ',
  nav_my_households: 'Hộ của tôi',
  user_menu: 'Tài khoản {name}',
  my_account: 'Tài khoản của tôi',
  sign_out: 'Đăng xuất',
  sign_out_all: 'Đăng xuất mọi nơi',
  yes: 'Có',
  no: 'Không',
  remove: 'Bỏ',
  copy: 'Sao chép',
  copied: 'Đã sao chép.',
  confirm: 'Xác nhận',

  login_title: 'Đăng nhập',
  login_lead: 'Theo dõi giảm nghèo bền vững: hộ, đơn vị phụ trách, nhiệm vụ, công việc và báo cáo.',
  f_email: 'Email',
  f_password: 'Mật khẩu',
  show_password: 'Hiện mật khẩu',
  sign_in: 'Đăng nhập',
  signing_in: 'Đang đăng nhập…',
  forgot_link: 'Quên mật khẩu?',
  session_expired: 'Vui lòng đăng nhập để tiếp tục.',
  email_invalid: 'Email không hợp lệ.',
  forgot_title: 'Quên mật khẩu',
  forgot_help: 'Nhập email của tài khoản. Hệ thống sẽ gửi một đường dẫn để đặt lại mật khẩu.',
  send_link: 'Gửi đường dẫn',
  sending: 'Đang gửi…',
  reset_sent: 'Nếu email này có tài khoản, một đường dẫn đặt lại mật khẩu đã được gửi tới. Đường dẫn chỉ dùng được một lần và sẽ hết hạn sau một thời gian ngắn.',
  back_to_login: '‹ Quay lại đăng nhập',
  reset_title: 'Đặt lại mật khẩu',
  invite_title: 'Kích hoạt tài khoản',
  invite_help: 'Chào mừng bạn đến với Chung Tay. Hãy đặt mật khẩu để bắt đầu sử dụng.',
  new_password: 'Mật khẩu mới',
  new_password2: 'Nhập lại mật khẩu mới',
  password_rules: 'Từ 10 đến 128 ký tự. Nên dùng một câu dễ nhớ, khó đoán.',
  password_length: 'Mật khẩu phải có từ 10 đến 128 ký tự.',
  password_mismatch: 'Hai mật khẩu không khớp.',
  set_password: 'Đặt mật khẩu',
  reset_done: 'Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới.',
  token_missing: 'Đường dẫn không đầy đủ. Hãy mở lại đường dẫn trong email.',

  account_title: 'Tài khoản của tôi',
  profile_title: 'Thông tin cá nhân',
  f_name: 'Họ tên',
  f_phone: 'Số điện thoại',
  f_lang: 'Ngôn ngữ',
  lang_vi: 'Tiếng Việt',
  lang_en: 'English',
  my_access: 'Quyền và đơn vị của tôi',
  change_password: 'Đổi mật khẩu',
  current_password: 'Mật khẩu hiện tại',
  password_changed: 'Đã đổi mật khẩu.',
  tokens_title: 'Khóa API cá nhân',
  tokens_help: 'Dùng cho tập lệnh, chương trình gọi API thay bạn. Khóa có đúng quyền của tài khoản bạn; thu hồi ngay khi không dùng nữa.',
  token_name: 'Tên khóa (dùng để làm gì)',
  token_name_ph: 'vd. báo cáo hằng tháng',
  token_expiry: 'Thời hạn',
  expiry_days: '{n} ngày',
  expiry_never: 'Không hết hạn',
  create_token: 'Tạo khóa',
  token_created: 'Đã tạo khóa "{name}"',
  token_once: 'Hãy sao chép và cất giữ khóa này ngay bây giờ: nó chỉ hiện một lần, sau đó không ai xem lại được.',
  token_secret: 'Khóa bí mật',
  token_done: 'Tôi đã cất giữ khóa',
  revoke: 'Thu hồi',
  revoke_confirm: 'Xác nhận thu hồi',
  col_name: 'Tên',
  col_prefix: 'Mã đầu',
  col_created: 'Ngày tạo',
  col_last_used: 'Dùng lần cuối',
  col_expires: 'Hết hạn',
  col_status: 'Trạng thái',
  status_active: 'Đang dùng',
  status_revoked: 'Đã thu hồi',
  status_expired: 'Đã hết hạn',
  status_inactive: 'Đã khóa',
  no_tokens: 'Chưa có khóa nào.',
  never_used: 'Chưa dùng',

  role_admin: 'Quản trị',
  role_officer: 'Cán bộ phụ trách (VHXH)',
  role_chair: 'Lãnh đạo (Bí thư/Chủ tịch/Trưởng ban)',
  role_viewer: 'Theo dõi (chỉ xem)',
  role_leader: 'Trưởng đơn vị',
  role_member: 'Thành viên',
  whole_country: 'Toàn quốc',

  users_title: 'Người dùng',
  users_search_ph: 'Tên, email hoặc số điện thoại',
  add_user: 'Thêm người dùng',
  no_users: 'Không có người dùng nào phù hợp.',
  col_last_login: 'Đăng nhập lần cuối',
  never_signed_in: 'Chưa đăng nhập',
  create_user_title: 'Thêm người dùng',
  create_user_help: 'Người dùng sẽ nhận email mời kèm đường dẫn để tự đặt mật khẩu.',
  grants_title: 'Quyền theo địa bàn',
  grants_help: 'Mỗi quyền áp dụng cho địa bàn được chọn và mọi địa bàn bên dưới.',
  grant_area: 'Địa bàn',
  grant_role: 'Vai trò',
  whole_country_box: 'Toàn quốc (mọi địa bàn)',
  add_grant: '+ Thêm quyền',
  memberships_title: 'Đơn vị phụ trách',
  memberships_help: 'Thành viên xem các hộ được phân công cho mình; trưởng đơn vị xem các hộ của đơn vị.',
  membership_unit: 'Đơn vị',
  membership_role: 'Vai trò trong đơn vị',
  add_membership: '+ Thêm đơn vị',
  unit_search_ph: 'Gõ tên hoặc mã đơn vị',
  create_and_invite: 'Tạo và gửi lời mời',
  invitation_sent: 'Đã tạo tài khoản và gửi lời mời tới {email}.',
  invitation_unsent: 'Đã tạo tài khoản {email}, nhưng chưa gửi được email mời (máy chủ thư từ chối). Mở tài khoản và bấm "Gửi lại lời mời" sau.',
  invite_pending: 'Chưa nhận lời mời',
  resend_invite: 'Gửi lại lời mời',
  invite_resent: 'Đã gửi lại lời mời.',
  deactivate: 'Khóa tài khoản',
  activate: 'Mở khóa tài khoản',
  deactivated: 'Đã khóa tài khoản.',
  activated: 'Đã mở khóa tài khoản.',
  f_active: 'Trạng thái',
  col_since: 'Từ',
  col_until: 'Đến',
  end_membership: 'Kết thúc',
  grant_added: 'Đã thêm quyền.',
  grant_revoked: 'Đã thu hồi quyền.',
  membership_added: 'Đã thêm vào đơn vị.',
  membership_ended: 'Đã kết thúc tư cách thành viên.',
  back_to_users: '‹ Người dùng',
  no_grants: 'Chưa có quyền nào.',
  no_memberships: 'Chưa thuộc đơn vị nào.',
  show_ended: 'Hiện cả quyền, đơn vị đã kết thúc',
  user_actions: 'Nhật ký của người này',

  audit_title: 'Nhật ký thay đổi',
  audit_help: 'Mọi thay đổi, đăng nhập và xuất dữ liệu trong phạm vi của bạn. Nhật ký không thể sửa hay xóa.',
  filter_entity: 'Đối tượng',
  filter_action: 'Thao tác',
  filter_actor: 'Người thực hiện',
  filter_from: 'Từ ngày',
  filter_to: 'Đến ngày',
  only_mine: 'Chỉ thao tác của tôi',
  actor_filtered: 'Người thực hiện: {name}',
  audit_count: '{n} mục',
  no_audit: 'Không có mục nào.',
  col_time: 'Thời gian',
  col_actor: 'Người thực hiện',
  col_action: 'Thao tác',
  col_entity: 'Đối tượng',
  col_old: 'Trước',
  col_new: 'Sau',
  show_changes: 'Xem thay đổi ({n})',
  no_changes: 'Không có trường nào thay đổi.',
  system_actor: 'Hệ thống',
  client_ip: 'Địa chỉ IP',
  audit_history: 'Lịch sử thay đổi',
  see_all_audit: 'Xem tất cả trong nhật ký',
  entity_household: 'Hộ gia đình',
  entity_area: 'Địa bàn',
  entity_unit: 'Đơn vị',
  entity_user: 'Tài khoản',
  entity_grant: 'Phân quyền',
  entity_membership: 'Thành viên đơn vị',
  entity_session: 'Phiên đăng nhập',
  entity_api_token: 'Khóa API',
  entity_assignment: 'Phân công',
  action_create: 'Tạo mới',
  action_update: 'Cập nhật',
  action_archive: 'Lưu trữ',
  action_event: 'Biến động phân loại',
  action_reparent: 'Đổi địa bàn cấp trên',
  action_merge: 'Sáp nhập',
  action_assign: 'Phân công',
  action_import: 'Nhập Excel',
  action_export: 'Xuất dữ liệu',
  action_login: 'Đăng nhập',
  action_login_failed: 'Đăng nhập thất bại',
  action_logout: 'Đăng xuất',
  action_logout_all: 'Đăng xuất mọi nơi',
  action_grant: 'Cấp quyền',
  action_revoke: 'Thu hồi',
  action_invite: 'Gửi lời mời',
  action_accept_invite: 'Nhận lời mời',
  action_password_reset: 'Đặt lại mật khẩu',
  action_password_change: 'Đổi mật khẩu',
  action_end: 'Kết thúc',

  assignments_title: 'Phân công phụ trách',
  no_assignments: 'Hộ chưa được phân công.',
  primary_badge: 'Phụ trách chính',
  col_assignee: 'Phụ trách',
  add_assignment: 'Phân công',
  assign_to: 'Phân công cho',
  assign_unit: 'Một đơn vị',
  assign_person: 'Một người',
  assign_person_label: 'Người phụ trách',
  user_search_ph: 'Gõ tên hoặc email',
  f_is_primary: 'Phụ trách chính',
  f_valid_from: 'Từ ngày (dd/mm/yyyy)',
  assigned_ok: 'Đã phân công.',

  nav_assign: 'Phân công',
  choose_unit: '— Chọn đơn vị —',
  unit_members: 'Thành viên',
  spread_col_member: 'Thành viên',

  choose: '— Chọn —',
  form_kept: 'Thông tin bạn nhập vẫn còn nguyên: kiểm tra mạng rồi bấm gửi lại.',
  draft_restored: 'Đã khôi phục thông tin bạn nhập dở lần trước.',
  mine_none: 'Bạn chưa được phân công phụ trách hộ nào.',
  mine_more: 'Còn {n} hộ nữa không hiện ở đây.',
  members_n: '{n} nhân khẩu',
  next_task: 'Việc tiếp theo',
  no_open_task: 'Không có việc đang mở',
  due_on: 'Hạn {date}',
  overdue_since: 'Quá hạn từ {date}',
  last_visit: 'Lần thăm gần nhất',
  never_visited: 'Chưa thăm',
  record_visit: 'Ghi nhận thăm hỏi',
  record_support: 'Ghi nhận hỗ trợ',
  visit_date: 'Ngày thăm (dd/mm/yyyy)',
  visit_note_ph: 'vd. Hộ đã có việc làm ổn định, cần hỗ trợ sửa nhà',
  save_visit: 'Lưu thăm hỏi',
  visit_saved: 'Đã ghi nhận thăm hỏi ngày {date}.',
  complete_task: 'Hoàn thành việc: {title}',
  task_done_too: 'Công việc đã hoàn thành.',
  support_type: 'Loại hỗ trợ',
  support_value: 'Giá trị (đồng)',
  support_value_hint: 'Tiền mặt hoặc giá trị quy đổi của hiện vật; nhập 0 nếu không quy đổi được.',
  support_source: 'Nguồn kinh phí',
  support_date: 'Ngày hỗ trợ (dd/mm/yyyy)',
  value_too_big: 'Giá trị tối đa là {max}.',
  evidence: 'Minh chứng (ảnh hoặc PDF, không bắt buộc)',
  evidence_choose: 'Chụp ảnh / chọn tệp',
  evidence_change: 'Đổi tệp',
  evidence_hint: 'Ảnh JPEG, PNG hoặc PDF, tối đa {mb} MB.',
  evidence_type_invalid: 'Chỉ nhận ảnh JPEG, PNG hoặc tệp PDF.',
  evidence_too_big: 'Tệp lớn hơn {mb} MB.',
  evidence_retry: 'Tải lại tệp minh chứng',
  evidence_skip: 'Bỏ qua tệp',
  save_support: 'Lưu hỗ trợ',
  support_saved: 'Đã ghi nhận hỗ trợ: {type}, {value}, ngày {date}.',
  support_saved_file_failed: 'Đã lưu hỗ trợ, nhưng chưa tải được tệp minh chứng.',

  nav_tasks: 'Công việc',
  tasks_mine: 'Của tôi',
  tasks_unit: 'Của đơn vị',
  tasks_overdue: 'Quá hạn',
  tasks_week: 'Trong tuần này',
  tasks_unvisited: 'Chưa thăm quý này',
  tasks_count: '{n} công việc',
  tasks_none: 'Không có công việc nào.',
  tasks_of_plan: 'Chỉ công việc của {plan}',
  tasks_of_duty: 'Nhiệm vụ: {duty}',
  open_plan: 'Xem kế hoạch',
  plan_ref_plan: 'Kế hoạch số {n}',
  plan_ref_resolution: 'Nghị quyết số {n}',
  unit_choose_tasks: 'Chọn một đơn vị để xem công việc của đơn vị.',
  unvisited_quarter: '{q} ({from} – {to})',
  unvisited_none: 'Mọi hộ đã được thăm trong quý này.',
  task_todo: 'Chưa làm',
  task_in_progress: 'Đang làm',
  task_done: 'Đã xong',
  task_cancelled: 'Đã hủy',
  task_open: 'Đang mở',
  task_overdue: 'Quá hạn',
  task_due: 'Hạn',
  task_owner: 'Phụ trách',
  task_done_at: 'Hoàn thành',
  task_change_status: 'Đổi trạng thái',
  task_with_support: 'Hoàn thành kèm hỗ trợ',
  task_note: 'Ghi chú kết quả',
  task_cancel_reason: 'Lý do hủy',
  task_cancel_note: 'Cần ghi lý do khi hủy công việc.',
  task_saved: 'Đã chuyển sang "{status}".',
  task_support_done: 'Đã ghi nhận hỗ trợ và hoàn thành công việc.',
  support_saved_short: 'Đã ghi nhận hỗ trợ.',
  closed_household_archived: 'Đóng tự động: hộ đã được lưu trữ.',
  closed_household_moved_out: 'Đóng tự động: hộ đã chuyển khỏi địa bàn.',
  closed_household_no_longer_matches: 'Đóng tự động: hộ không còn thuộc diện (nay là {cls}).',
  closed_household_reassigned: 'Đóng tự động: hộ đã được giao cho đơn vị khác.',
  closed_household_not_assigned: 'Đóng tự động: hộ chưa được phân công.',
  closed_unit_not_responsible: 'Đóng tự động: đơn vị không còn phụ trách.',
  closed_duty_changed: 'Đóng tự động: nhiệm vụ trong kế hoạch đã thay đổi.',
  closed_plan_archived: 'Đóng tự động: kế hoạch đã được lưu trữ.',
  closed_task_cancelled: 'Đã hủy bởi người phụ trách.',

  nav_plans: 'Kế hoạch',
  nav_reports: 'Báo cáo',
  tasks_all: 'Tất cả',

  care_title: 'Thăm hỏi và hỗ trợ',
  care_visits: 'Lần thăm ({n})',
  care_support: 'Hỗ trợ đã nhận: {n} lần, {value}',
  care_no_support: 'Chưa ghi nhận hỗ trợ nào.',
  care_files: 'Minh chứng ({n} tệp)',
};

/** The keys of the main dictionary (i18n-en.ts has exactly these). */
export type CoreKey = keyof typeof vi;
/** Every key: the main ones and those of the screens loaded later (i18n-plan.ts, i18n-assign.ts, i18n-units.ts…). */
export type Key = CoreKey | PlanKey | AssignKey | JobsKey | UnitsKey | AreasKey | OnboardingKey | ReportsKey;


const STORAGE_KEY = 'chungtay.lang';

/** The dictionaries loaded so far: Vietnamese always, English on first use. */
type Dict = Partial<Record<Key, string>>;
const dicts = writable<Partial<Record<Lang, Dict>>>({ vi });
/** Strings added by screens loaded later, per language. */
const extra: Record<Lang, Dict> = { vi: {}, en: {} };

/**
 * Adds the strings of a screen loaded on demand (its own small file), in
 * both languages, so the main dictionary stays small.
 */
export function extend(moreVi: Dict, moreEn: Dict): void {
  Object.assign(extra.vi, moreVi);
  Object.assign(extra.en, moreEn);
  dicts.update((d) => ({ ...d }));
}
let loadingEn: Promise<void> | null = null;

/** Loads the English dictionary (a separate file); retried after a failure. */
export function loadEnglish(): Promise<void> {
  loadingEn ??= import('./i18n-en').then(
    (m) => dicts.update((d) => ({ ...d, en: m.en })),
    (e: unknown) => {
      loadingEn = null;
      throw e;
    },
  );
  return loadingEn;
}

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi'; // storage can be disabled (private mode on old browsers)
  }
}

/** The current UI language, remembered in localStorage. */
export const lang = writable<Lang>(initialLang());

lang.subscribe((l) => {
  if (l === 'en') loadEnglish().catch(() => {}); // until it arrives the UI stays Vietnamese
  document.documentElement.lang = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* not fatal: the choice just is not remembered */
  }
});

export type Params = Record<string, string | number>;

/**
 * The form of a message for the count {n}: a message "one|other" (English
 * "{n} task|{n} tasks") is split at "|" and the first form is taken when n
 * is 1. n may be a number or already formatted ("11.176", "11,176").
 */
export function pluralForm(s: string, n: string | number | undefined): string {
  const bar = s.indexOf('|');
  if (bar < 0) return s;
  const one = n != null && String(n).replace(/[^\d-]/g, '') === '1';
  return one ? s.slice(0, bar) : s.slice(bar + 1);
}

/** Translates key with a dictionary, replacing {name} placeholders from params. */
function translate(l: Lang, dict: Dict, key: Key, params?: Params): string {
  let s = dict[key] ?? extra[l][key] ?? (vi as Dict)[key] ?? extra.vi[key] ?? key;
  s = pluralForm(s, params?.n);
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  }
  return s;
}

/** Whether a key built at run time ("action_" + code) exists. */
export function hasKey(k: string): k is Key {
  return Object.prototype.hasOwnProperty.call(vi, k) || Object.prototype.hasOwnProperty.call(extra.vi, k);
}

/** `$t('key', {n: 1})` in components: re-renders when the language changes. */
export const t = derived([lang, dicts], ([l, d]) => {
  const dict = d[l] ?? vi;
  return (key: Key, params?: Params) => translate(l, dict, key, params);
});
