"""The codes of the document kinds other apps issue; the kinds themselves are data."""

TALK_REMINDER = "talk_reminder"  # 谈话提醒记录
WARNING_NOTICE = "warning_notice"  # 预警通知书
RECTIFICATION_NOTICE = "rectification_notice"  # 整改通知书
INTERNAL_CIRCULAR = "internal_circular"  # 内部通报
SUPERVISION_ADVICE = "supervision_advice"  # 监察建议书
INTEGRITY_BULLETIN = "integrity_bulletin"  # 廉情通报
REMINDER_CARD = "reminder_card"  # 廉政提醒卡
INTEGRITY_OPINION = "integrity_opinion"  # 廉政意见回复
