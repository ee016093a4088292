// The strings of onboarding: a ward administrator's invitations and a unit
// leader's "Mời thành viên", with the link handed over when no mail server
// sends it. Vietnamese and English side by side (same keys, checked by tsc).
import { extend } from './i18n';

const vi = {
  invite_member: 'Mời thành viên',
  invite_member_of: 'Mời thành viên vào {name}',
  invite_member_help:
    'Nhập email và họ tên. Người chưa có tài khoản nhận lời mời để tự đặt mật khẩu; người đã có tài khoản với email này được thêm vào đơn vị ngay.',
  invite_member_role: 'Vai trò: Thành viên',
  invite_member_submit: 'Mời vào đơn vị',
  invite_outcome_invited: 'Đã tạo tài khoản cho {email} và thêm vào đơn vị.',
  invite_outcome_added: 'Email {email} đã có tài khoản; người này đã được thêm vào đơn vị.',
  invite_outcome_already: 'Email {email} đã là thành viên của đơn vị.',
  invite_mail_sent: 'Đã gửi email mời tới {email}.',
  invite_link_title: 'Chưa gửi được email mời',
  invite_link_help:
    'Máy chủ chưa gửi được thư (chưa cấu hình máy chủ thư hoặc máy chủ thư từ chối). Hãy gửi đường dẫn dưới đây cho {name} qua Zalo, tin nhắn hoặc điện thoại để người này tự đặt mật khẩu.',
  invite_link_once: 'Đường dẫn chỉ dùng được một lần, có hạn 7 ngày và chỉ hiện lần này.',
  invite_link_label: 'Đường dẫn kích hoạt tài khoản',
  invite_copy: 'Sao chép',
  invite_copied: 'Đã sao chép.',
  invite_another: 'Mời thêm người khác',
  invite_back_units: 'Về danh sách đơn vị',
  invite_open_unit: 'Thành viên và hộ của đơn vị',
  invite_created_title: 'Đã tạo tài khoản {email}',
  invite_scope: 'Bạn quản lý tài khoản trong: {areas}.',
};

const en: Record<OnboardingKey, string> = {
  invite_member: 'Invite a member',
  invite_member_of: 'Invite a member into {name}',
  invite_member_help:
    'Enter an email and a name. Someone without an account gets an invitation to choose a password; an existing account with this email joins the unit at once.',
  invite_member_role: 'Role: Member',
  invite_member_submit: 'Invite into the unit',
  invite_outcome_invited: 'Account created for {email} and added to the unit.',
  invite_outcome_added: '{email} already had an account; it has been added to the unit.',
  invite_outcome_already: '{email} is already a member of the unit.',
  invite_mail_sent: 'An invitation email was sent to {email}.',
  invite_link_title: 'The invitation email was not sent',
  invite_link_help:
    'The server could not send mail (no mail server is configured, or it refused). Send the link below to {name} by Zalo, text message or phone so that they choose a password.',
  invite_link_once: 'The link works once, for 7 days, and is shown only now.',
  invite_link_label: 'Account activation link',
  invite_copy: 'Copy',
  invite_copied: 'Copied.',
  invite_another: 'Invite someone else',
  invite_back_units: 'Back to units',
  invite_open_unit: 'Members and households of the unit',
  invite_created_title: 'Account {email} created',
  invite_scope: 'You manage accounts in: {areas}.',
};

export type OnboardingKey = keyof typeof vi;

extend(vi, en);
