"""Official documents (公文) as data: every kind the programme issues, one numbering.

Kinds (谈话提醒记录, 预警通知书, 整改通知书, …), issuers and the text a new document
starts from are rows an admin edits. A document is numbered 〔2026〕第N号 per kind,
issuer and year by ``services.next_number``, prints on A4 in the GB/T 9704 layout and
downloads as a PDF rendered on the server (``pdf.py``). Higher apps link their own
records to a ``Document`` from their side (an early-warning notice, an appraisal's
rectification notice, a reminder card answering a pre-report).
"""
