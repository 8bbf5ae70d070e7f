"""Interface labels and date formats in the workshop's language (Indonesian first).

Templates never hard-code a label: they ask ``t('key')``. Dates use Babel's
CLDR data ("Kamis, 30 September 2021"); Babel already comes with mkdocs-material.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Iterable

import jinja2
import jinja2.ext
import jinja2.lexer
from babel.dates import format_date

# A catalogue's pages name the same few hundred days thousands of times; babel takes ~40 µs a date.
_babel_date = functools.lru_cache(maxsize=4096)(format_date)

LABELS: dict[str, dict[str, str]] = {
    "home": {"id": "Beranda", "en": "Home"},
    "summary": {"id": "Deskripsi Singkat", "en": "Summary"},
    "learning_objectives": {"id": "Tujuan Pembelajaran", "en": "Learning objectives"},
    "outcome": {"id": "Hasil Belajar", "en": "Outcome"},
    "objectives": {"id": "Indikator Hasil Belajar", "en": "Objectives"},
    "objectives_intro": {"id": "Peserta dapat:", "en": "Participants can:"},
    "topics": {"id": "Materi Pokok", "en": "Topics"},
    "subtopics": {"id": "Sub Materi Pokok", "en": "Subtopics"},
    "methods": {"id": "Metode", "en": "Methods"},
    "media": {"id": "Media dan Alat Bantu", "en": "Media"},
    "duration": {"id": "Durasi (Alokasi Waktu)", "en": "Duration"},
    "minutes": {"id": "menit", "en": "minutes"},
    "minutes_column": {"id": "Menit", "en": "Minutes"},
    "minutes_short": {"id": "mnt", "en": "min"},
    "jp": {"id": "JP", "en": "JP"},
    "jp_long": {"id": "jam pelajaran", "en": "teaching hours"},
    "people": {"id": "Narasumber dan Fasilitator", "en": "Speakers and facilitators"},
    "role_speaker": {"id": "Narasumber", "en": "Speaker"},
    "role_facilitator": {"id": "Fasilitator", "en": "Facilitator"},
    "role_moderator": {"id": "Moderator", "en": "Moderator"},
    "role_organizer": {"id": "Panitia", "en": "Organizer"},
    "participants": {"id": "Peserta", "en": "Participants"},
    "audience": {"id": "Sasaran Peserta", "en": "Audience"},
    "goals": {"id": "Tujuan Kegiatan", "en": "Goals"},
    "background": {"id": "Latar Belakang", "en": "Background"},
    "organizer": {"id": "Penyelenggara", "en": "Organizer"},
    "mode": {"id": "Moda", "en": "Mode"},
    "mode_online": {"id": "Daring", "en": "Online"},
    "mode_offline": {"id": "Luring (tatap muka)", "en": "In person"},
    "mode_hybrid": {"id": "Hibrida (daring dan luring)", "en": "Hybrid"},
    "venue": {"id": "Tempat", "en": "Venue"},
    "agenda": {"id": "Jadwal (Susunan Acara)", "en": "Agenda"},
    "agenda_short": {"id": "Jadwal", "en": "Agenda"},
    "day": {"id": "Hari", "en": "Day"},
    "time": {"id": "Waktu", "en": "Time"},
    "item": {"id": "Acara", "en": "Item"},
    "total": {"id": "Jumlah", "en": "Total"},
    "day_total": {"id": "Jumlah hari ini", "en": "Day total"},
    "workshop_total": {"id": "Jumlah seluruh kegiatan", "en": "Workshop total"},
    "lesson_time": {"id": "Waktu sesi", "en": "Session time"},
    "lessons": {"id": "Sesi (Mata Pelatihan)", "en": "Sessions"},
    "lesson": {"id": "Sesi", "en": "Session"},
    "schedule": {"id": "Jadwal", "en": "Scheduled"},
    "prerequisites": {"id": "Prasyarat", "en": "Prerequisites"},
    "exercise": {"id": "Latihan", "en": "Exercise"},
    "exercises": {"id": "Latihan", "en": "Exercises"},
    "worksheet": {"id": "Lembar Kerja", "en": "Worksheet"},
    "instructions": {"id": "Petunjuk", "en": "Instructions"},
    "steps": {"id": "Langkah", "en": "Steps"},
    "output": {"id": "Keluaran", "en": "Output"},
    "hint": {"id": "Petunjuk tambahan", "en": "Hint"},
    "example_answer": {"id": "Contoh Jawaban", "en": "Example answer"},
    "answer_key": {"id": "Kunci Jawaban", "en": "Answer key"},
    "checklist": {"id": "Daftar Periksa", "en": "Checklist"},
    "checklists": {"id": "Daftar Periksa", "en": "Checklists"},
    "quiz": {"id": "Kuis (Tes Formatif)", "en": "Quiz"},
    "key_points": {"id": "Poin Kunci", "en": "Key points"},
    "recap": {"id": "Rangkuman", "en": "Recap"},
    "glossary": {"id": "Glosarium", "en": "Glossary"},
    "references": {"id": "Referensi", "en": "References"},
    "facilitator_notes": {"id": "Catatan Fasilitator", "en": "Facilitator notes"},
    "downloads": {"id": "Unduhan", "en": "Downloads"},
    "for_participants": {"id": "Untuk peserta", "en": "For participants"},
    "for_organisers": {"id": "Untuk panitia (dicetak di tempat)", "en": "For the organisers (to print for the venue)"},
    "break": {"id": "Istirahat", "en": "Break"},
    "toolkit": {"id": "Perangkat Belajar", "en": "Toolkit"},
    "source": {"id": "Sumber", "en": "Source"},
    "from_lesson": {"id": "Dari sesi", "en": "From session"},
    "term": {"id": "Istilah", "en": "Term"},
    "definition": {"id": "Definisi", "en": "Definition"},
    "multiple_answers": {"id": "Pilih semua jawaban yang benar.", "en": "Choose all correct answers."},
    "one_answer": {"id": "Pilih satu jawaban.", "en": "Choose one answer."},
    "check_answer": {"id": "Periksa jawaban", "en": "Check answer"},
    "try_again": {"id": "Coba lagi", "en": "Try again"},
    "correct": {"id": "Benar", "en": "Correct"},
    "incorrect": {"id": "Belum tepat", "en": "Not quite"},
    "explanation": {"id": "Pembahasan", "en": "Explanation"},
    "score": {"id": "Skor", "en": "Score"},
    "reset": {"id": "Atur ulang", "en": "Reset"},
    "done_of": {"id": "selesai dari", "en": "done of"},
    "your_notes": {"id": "Catatan Anda", "en": "Your notes"},
    "notes_saved": {"id": "Tersimpan di perangkat ini", "en": "Saved on this device"},
    "your_progress": {"id": "Progres Anda", "en": "Your progress"},
    "progress_checklists": {"id": "daftar periksa", "en": "checklists"},
    "progress_quiz": {"id": "kuis", "en": "quiz"},
    "progress_done": {"id": "selesai", "en": "done"},
    "share_answers": {"id": "Bagikan jawaban", "en": "Share answers"},
    "answers_copied": {"id": "Jawaban disalin. Tempelkan di grup WhatsApp atau surel untuk fasilitator.",
                       "en": "Answers copied. Paste them into the WhatsApp group or an e-mail to the facilitator."},
    "answers_empty": {"id": "Belum ada jawaban: tulis dulu di kolom di atas.", "en": "No answers yet: write them in the fields above first."},
    "answers_not_copied": {"id": "Tidak dapat menyalin di sini. Pilih teks jawaban Anda, lalu salin.",
                           "en": "Cannot copy here. Select the text of your answers and copy it."},
    "kind_individual": {"id": "Individu", "en": "Individual"},
    "kind_group": {"id": "Kelompok", "en": "Group"},
    "kind_discussion": {"id": "Diskusi", "en": "Discussion"},
    "kind_case-study": {"id": "Studi Kasus", "en": "Case study"},
    "kind_practice": {"id": "Praktik", "en": "Practice"},
    "activity_break": {"id": "Istirahat", "en": "Break"},
    "activity_opening": {"id": "Pembukaan", "en": "Opening"},
    "activity_closing": {"id": "Penutupan", "en": "Closing"},
    "activity_test": {"id": "Tes", "en": "Test"},
    "activity_other": {"id": "Kegiatan", "en": "Activity"},
    "activity_lesson": {"id": "Sesi", "en": "Session"},
    "all_key_points": {"id": "Semua Poin Kunci", "en": "All key points"},
    "all_exercises": {"id": "Semua Latihan", "en": "All exercises"},
    "all_checklists": {"id": "Semua Daftar Periksa", "en": "All checklists"},
    "not_scheduled": {"id": "Belum dijadwalkan", "en": "Not scheduled"},
    "page": {"id": "Halaman", "en": "Page"},
    "of": {"id": "dari", "en": "of"},
    "workbook": {"id": "Buku Kerja Peserta", "en": "Participant workbook"},
    "worksheets_book": {"id": "Lembar Kerja Peserta", "en": "Participant worksheets"},
    "participant_name": {"id": "Nama", "en": "Name"},
    "participant_office": {"id": "Instansi / Kelompok", "en": "Office / Group"},
    "attendance_list": {"id": "Daftar Hadir", "en": "Attendance list"},
    "attendance_title": {"id": "Daftar Hadir Peserta", "en": "Attendance list"},
    "attendance_list_named": {"id": "Daftar Hadir (bernama)", "en": "Attendance list (with names)"},
    "number_short": {"id": "No.", "en": "No."},
    "nip": {"id": "NIP", "en": "Staff ID (NIP)"},
    "position_office": {"id": "Jabatan / Instansi", "en": "Position / Office"},
    "signature": {"id": "Tanda Tangan", "en": "Signature"},
    "committee": {"id": "Panitia Penyelenggara", "en": "Organising committee"},
    "speaker_evaluation": {"id": "Evaluasi Narasumber", "en": "Speaker evaluation"},
    "session": {"id": "Sesi", "en": "Session"},
    "evaluation_intro": {"id": "Beri tanda centang (✓) pada satu nilai untuk setiap aspek. Formulir ini tanpa nama.",
                         "en": "Tick (✓) one score for each aspect. This form is anonymous."},
    "score_1": {"id": "Kurang", "en": "Poor"},
    "score_2": {"id": "Cukup", "en": "Fair"},
    "score_3": {"id": "Baik", "en": "Good"},
    "score_4": {"id": "Sangat baik", "en": "Very good"},
    "aspect": {"id": "Aspek yang dinilai", "en": "Aspect"},
    "aspect_mastery": {"id": "Penguasaan materi", "en": "Mastery of the subject"},
    "aspect_structure": {"id": "Sistematika penyajian", "en": "Structure of the session"},
    "aspect_clarity": {"id": "Kejelasan penyampaian", "en": "Clarity"},
    "aspect_methods": {"id": "Penggunaan metode dan media", "en": "Use of methods and media"},
    "aspect_examples": {"id": "Contoh yang relevan dengan tugas peserta", "en": "Examples relevant to participants' work"},
    "aspect_questions": {"id": "Kemampuan menjawab pertanyaan", "en": "Answering questions"},
    "aspect_engagement": {"id": "Melibatkan peserta", "en": "Involving participants"},
    "aspect_time": {"id": "Ketepatan waktu", "en": "Keeping time"},
    "suggestions": {"id": "Saran dan komentar", "en": "Suggestions and comments"},
    "organisation_evaluation": {"id": "Evaluasi Penyelenggaraan", "en": "Evaluation of the organisation"},
    "evaluation_forms": {"id": "Evaluasi Narasumber dan Penyelenggaraan", "en": "Evaluation forms"},
    "aspect_relevance": {"id": "Kesesuaian materi dengan kebutuhan tugas", "en": "Relevance of the content to my work"},
    "aspect_schedule": {"id": "Jadwal dan alokasi waktu", "en": "Schedule and time allotted"},
    "aspect_materials": {"id": "Bahan ajar dan lembar kerja", "en": "Materials and worksheets"},
    "aspect_venue": {"id": "Tempat dan sarana", "en": "Venue and facilities"},
    "aspect_committee": {"id": "Pelayanan panitia", "en": "Service of the committee"},
    "aspect_meals": {"id": "Konsumsi", "en": "Meals and refreshments"},
    "aspect_usefulness": {"id": "Manfaat kegiatan secara keseluruhan", "en": "Overall usefulness"},
    "facilitator_guide": {"id": "Panduan Fasilitator", "en": "Facilitator guide"},
    "handout": {"id": "Bahan Ajar Peserta", "en": "Participant handout"},
    "agenda_sheet": {"id": "Jadwal (satu halaman)", "en": "Agenda (one page)"},
    "contents": {"id": "Daftar Isi", "en": "Contents"},
    "timing_plan": {"id": "Rencana Waktu", "en": "Timing plan"},
    "presentation_and_discussion": {"id": "Penyajian materi, tanya jawab dan diskusi", "en": "Presentation, questions and discussion"},
    "session_plan": {"id": "Langkah-langkah Kegiatan Pembelajaran", "en": "Session plan"},
    "continued": {"id": "lanjutan", "en": "continued"},
    "session_flow": {"id": "Alur Sesi", "en": "How this session runs"},
    "phase_opening": {"id": "Pendahuluan", "en": "Opening"},
    "phase_core": {"id": "Kegiatan Inti", "en": "Core"},
    "phase_closing": {"id": "Penutup", "en": "Closing"},
    "facilitator_activity": {"id": "Kegiatan Fasilitator", "en": "Facilitator"},
    "participant_activity": {"id": "Kegiatan Peserta", "en": "Participants"},
    "download_handout": {"id": "Unduh bahan ajar (PDF)", "en": "Download handout (PDF)"},
    "download_slides": {"id": "Unduh salindia (PDF)", "en": "Download slides (PDF)"},
    "slides": {"id": "Salindia", "en": "Slides"},
    "slides_group": {"id": "Salindia (untuk presentasi)", "en": "Slides (for presenting)"},
    "slides_quiz": {"id": "{count} soal: jawab di halaman sesi ini; benar atau salah langsung terlihat.",
                    "en": "{count} questions: answer them on this session's page, which marks each one at once.",
                    "en_one": "{count} question: answer it on this session's page, which marks it at once."},
    "slides_quiz_where": {"id": "Buka halaman sesi ini di situs pelatihan, atau jawab di bahan ajar.",
                          "en": "Open this session's page on the workshop site, or answer in the handout."},
    "thank_you": {"id": "Terima kasih", "en": "Thank you"},
    "name_tags": {"id": "Tanda Pengenal", "en": "Name tags"},
    "name_tags_named": {"id": "Tanda Pengenal Bernama", "en": "Name tags with names"},
    "terms_of_reference": {"id": "Kerangka Acuan Kerja (KAK)", "en": "Terms of Reference (ToR)"},
    "tor_basis": {"id": "Dasar Hukum", "en": "Legal basis"},
    "tor_outputs": {"id": "Keluaran", "en": "Expected outputs"},
    "tor_outputs_intro": {"id": "Setelah mengikuti kegiatan ini, peserta diharapkan mampu mencapai hasil belajar setiap sesi:",
                          "en": "After the event, participants are expected to reach each session's outcome:"},
    "tor_funding": {"id": "Pembiayaan", "en": "Funding"},
    "tor_implementation": {"id": "Pelaksanaan Kegiatan", "en": "How the event will run"},
    "tor_closing_text": {"id": "Demikian kerangka acuan kerja ini disusun sebagai acuan dalam persiapan dan pelaksanaan kegiatan.",
                         "en": "These terms of reference are to guide the preparation and running of the event."},
    "invitations": {"id": "Surat Undangan", "en": "Invitation letters"},
    "letter_number": {"id": "Nomor", "en": "Ref."},
    "letter_nature": {"id": "Sifat", "en": "Priority"},
    "letter_attachment": {"id": "Lampiran", "en": "Enclosure"},
    "letter_one_attachment": {"id": "1 (satu) berkas", "en": "1 (one) document"},
    "letter_subject": {"id": "Hal", "en": "Subject"},
    "letter_subject_default": {"id": "Undangan {title}", "en": "Invitation: {title}"},
    "letter_to": {"id": "Yth.", "en": "To:"},
    "letter_to_person": {"id": "Bapak/Ibu", "en": ""},
    "letter_at": {"id": "di tempat", "en": ""},
    "letter_body": {"id": "{organizer} akan menyelenggarakan {title}. Sehubungan dengan hal tersebut, kami mengundang Bapak/Ibu untuk mengikuti kegiatan tersebut, yang akan dilaksanakan pada:",
                    "en": "{organizer} will hold {title}. We are pleased to invite you to take part; the event will be held on:"},
    "letter_when": {"id": "Hari, tanggal, waktu", "en": "Date and time"},
    "letter_hours": {"id": "pukul {start}–{end}", "en": "{start}–{end}"},
    "letter_where": {"id": "Tempat", "en": "Venue"},
    "letter_event": {"id": "Acara", "en": "Event"},
    "letter_contact": {"id": "Informasi lebih lanjut dapat diperoleh dari {contact}.", "en": "For further information, please contact {contact}."},
    "letter_closing": {"id": "Demikian undangan ini kami sampaikan. Atas perhatian dan kehadiran Bapak/Ibu, kami ucapkan terima kasih.",
                       "en": "Thank you for your attention; we look forward to your participation."},
    "letter_copies": {"id": "Tembusan", "en": "Copy to"},
    "letter_annex": {"id": "Lampiran Surat Undangan", "en": "Enclosure to the invitation"},
    "letter_dated": {"id": "Tanggal", "en": "Date"},
    "downloads_intro": {"id": "Bahan cetak untuk peserta dan panitia, dalam format PDF siap cetak (kertas {paper}).",
                        "en": "Printable material for participants and organisers, as print-ready PDF files ({paper} paper)."},
    "downloads_missing": {"id": "Pratinjau: PDF tidak dibuat ulang setiap kali Anda menyunting; tautan di atas membuka PDF dari build terakhir. Perintah 'bimtek build' atau 'bimtek handouts' memperbaruinya.",
                          "en": "Preview: the PDFs are not made again on each edit; the links above open those of the last build. 'bimtek build' or 'bimtek handouts' updates them."},
    "pages": {"id": "halaman", "en": "pages"},
    "page_one": {"id": "halaman", "en": "page"},
    "preview_problems": {"id": "Pratinjau ini belum diperbarui. Perbaiki masalah berikut lalu simpan; halaman dimuat ulang sendiri.",
                         "en": "This preview is not up to date. Fix these problems and save; the page reloads by itself."},
    "preview_waiting": {"id": "Pratinjau belum dapat dibuat", "en": "The preview cannot be built yet"},
    "preview_warnings": {"id": "Peringatan ({count})", "en": "Warnings ({count})"},
    "preview_warnings_intro": {"id": "Pratinjau ini sudah diperbarui. Hal berikut tidak menghentikannya, tetapi perlu diperiksa:",
                               "en": "This preview is up to date. These do not stop it, but deserve a look:"},
    "page_of": {"id": "Halaman {page} dari {pages}", "en": "Page {page} of {pages}"},
    "pre_post_test": {"id": "Tes Awal dan Tes Akhir", "en": "Pre-test and post-test"},
    "pre_test": {"id": "Tes awal", "en": "Pre-test"},
    "post_test": {"id": "Tes akhir", "en": "Post-test"},
    "test_intro": {"id": "Kerjakan tes awal sebelum sesi pertama hari itu, lalu soal yang sama sebagai tes akhir setelah sesi terakhir:"
                         " selisih skornya menunjukkan apa yang Anda pelajari. Jawaban dan skor tersimpan di perangkat ini saja.",
                   "en": "Take the pre-test before the day's first session, then the same questions as the post-test after its last one:"
                         " the difference in score shows what you learned. Answers and scores stay on this device."},
    "test_sessions": {"id": "{count} soal dari sesi", "en": "{count} questions from", "en_one": "{count} question from"},
    "test_needs_script": {"id": "Tes ini dinilai di perangkat Anda dengan JavaScript. Tanpa JavaScript, kerjakan di lembar tes dari panitia.",
                          "en": "This test is scored on your device with JavaScript. Without it, use the test sheet from the organisers."},
    "submit_pre_test": {"id": "Kirim tes awal", "en": "Submit the pre-test"},
    "submit_post_test": {"id": "Kirim tes akhir", "en": "Submit the post-test"},
    "test_unanswered": {"id": "Masih ada {count} soal yang belum dijawab.", "en": "{count} questions are not answered yet."},
    "test_result": {"id": "{score} dari {total} benar ({percent}%)", "en": "{score} of {total} correct ({percent}%)"},
    "test_change": {"id": "Perubahan: {points} poin", "en": "Change: {points} points"},
    "test_pre_saved": {"id": "Tes awal tersimpan. Kerjakan tes akhir setelah sesi terakhir hari ini; pembahasan soal tampil sesudahnya.",
                       "en": "Pre-test saved. Take the post-test after the day's last session; the explanations appear after it."},
    "test_retake": {"id": "Ulangi tes dari awal", "en": "Start the test again"},
    "share_results": {"id": "Bagikan hasil", "en": "Share results"},
    "name_for_results": {"id": "Nama Anda, untuk hasil yang dibagikan", "en": "Your name, for the results you share"},
    "results_copied": {"id": "Hasil disalin. Tempelkan di grup WhatsApp atau surel untuk panitia.",
                       "en": "Results copied. Paste them into the WhatsApp group or an e-mail to the organisers."},
    "test_sheet_tick": {"id": "Lembar ini untuk:", "en": "This sheet is the:"},
    "test_sheet_intro": {"id": "Beri tanda silang (X) pada kotak jawaban yang benar. Kotak bundar: satu jawaban; kotak persegi: semua jawaban yang benar.",
                         "en": "Mark (X) the box of each correct answer. Round boxes: one answer; square boxes: every correct answer."},
    "test_answer_key": {"id": "Kunci Jawaban Tes Awal dan Tes Akhir", "en": "Pre-test and post-test answer key"},
    "all_sessions": {"id": "Semua sesi", "en": "All sessions"},
    "test_question": {"id": "Soal", "en": "Question"},
    "follow_up_plan": {"id": "Rencana Tindak Lanjut (RTL)", "en": "Follow-up plan"},
    "follow_up_intro": {"id": "Tuliskan langkah yang akan Anda lakukan di instansi setelah bimtek ini: apa, untuk apa, kapan,"
                              " dengan siapa, dan apa tanda keberhasilannya.",
                        "en": "Write down what you will do at your office after this workshop: what, what for, when, with whom,"
                              " and how you will know it worked."},
    "follow_up_step": {"id": "Langkah", "en": "Step"},
    "follow_up_activity": {"id": "Kegiatan", "en": "Activity"},
    "follow_up_goal": {"id": "Tujuan dan sasaran", "en": "Goal and target"},
    "follow_up_when": {"id": "Waktu pelaksanaan", "en": "When"},
    "follow_up_partners": {"id": "Pihak yang dilibatkan", "en": "Who is involved"},
    "follow_up_indicator": {"id": "Indikator keberhasilan", "en": "Success indicator"},
    "share_plan": {"id": "Bagikan RTL", "en": "Share the plan"},
    "plan_copied": {"id": "RTL disalin. Tempelkan di grup WhatsApp atau surel untuk panitia.",
                    "en": "Plan copied. Paste it into the WhatsApp group or an e-mail to the organisers."},
    "plan_empty": {"id": "RTL masih kosong: tulis dulu di kolom di atas.", "en": "The plan is empty: write it in the fields above first."},
    "participant": {"id": "Peserta", "en": "Participant"},
    "line_manager": {"id": "Mengetahui, Atasan Langsung", "en": "Acknowledged by the line manager"},
    "rules": {"id": "Tata Tertib Peserta", "en": "Participant rules"},
    "certificates": {"id": "Sertifikat Peserta", "en": "Participant certificates"},
    "certificate_title": {"id": "Sertifikat", "en": "Certificate"},
    "certificate_number": {"id": "Nomor", "en": "No."},
    "certificate_given_to": {"id": "diberikan kepada", "en": "is awarded to"},
    "certificate_as": {"id": "atas partisipasinya sebagai peserta", "en": "for taking part as a participant in"},
    "certificate_text": {"id": "yang diselenggarakan oleh {organizer} pada {dates} secara {mode}, dengan jumlah {jp} jam pelajaran (JP).",
                         "en": "organised by {organizer} on {dates} ({mode}), totalling {jp} teaching hours (JP)."},
    "transcript": {"id": "Daftar Materi", "en": "Sessions"},
    "session_title": {"id": "Materi (Mata Pelatihan)", "en": "Session"},
    "speaker_briefs": {"id": "Kerangka Acuan Narasumber", "en": "Speaker briefs"},
    "brief_for": {"id": "Kepada", "en": "To"},
    "brief_intro": {"id": "Terima kasih atas kesediaan Anda. Berikut gambaran kegiatan dan sesi yang Anda bawakan, agar materi dan metodenya selaras dengan tujuan bimtek.",
                    "en": "Thank you for taking part. Here is an outline of the event and of your sessions, so that content and methods fit the workshop's goals."},
    "brief_event": {"id": "Kegiatan", "en": "Event"},
    "brief_role": {"id": "Peran", "en": "Role"},
    "brief_sessions": {"id": "Sesi yang Anda bawakan", "en": "Your sessions"},
    "brief_with": {"id": "Bersama", "en": "With"},
    "brief_contact": {"id": "Narahubung", "en": "Contact"},
    "workshop_goals": {"id": "Tujuan kegiatan", "en": "Goals of the event"},
    "expected_participants": {"id": "{count} peserta", "en": "{count} participants", "en_one": "{count} participant"},
    "evaluation_page": {"id": "Evaluasi", "en": "Evaluation"},
    "evaluation_page_intro": {"id": "Nilailah setiap narasumber sesudah sesinya, dan penyelenggaraan di akhir kegiatan: pilih satu nilai, "
                                    "dari 1 (kurang) sampai 4 (sangat baik), untuk setiap aspek. Evaluasi ini tanpa nama dan tersimpan di "
                                    "perangkat ini sampai Anda membagikannya kepada panitia.",
                              "en": "Rate each speaker after their session, and the organisation at the end: pick one score, from 1 (poor) "
                                    "to 4 (very good), for each aspect. The evaluation carries no name and stays on this device until you "
                                    "share it with the organisers."},
    "evaluation_needs_script": {"id": "Peramban ini tidak menjalankan JavaScript: pilihan di halaman ini tidak tersimpan dan tidak dapat "
                                      "dibagikan. Isilah formulir evaluasi cetak dari panitia.",
                                "en": "This browser does not run JavaScript: the choices on this page are not kept and cannot be shared. "
                                      "Fill in the organisers' printed evaluation forms."},
    "evaluation_of_session": {"id": "Evaluasi narasumber sesi ini", "en": "Evaluate this session's speakers"},
    "share_evaluation": {"id": "Bagikan evaluasi", "en": "Share the evaluation"},
    "evaluation_copied": {"id": "Evaluasi disalin. Tempelkan di grup WhatsApp atau surel untuk panitia.",
                          "en": "Evaluation copied. Paste it into the WhatsApp group or an e-mail to the organisers."},
    "evaluation_empty": {"id": "Evaluasi masih kosong: pilih dulu nilai di atas.", "en": "The evaluation is empty: pick the scores above first."},
    "qr_site": {"id": "Materi daring (kuis, daftar periksa, lembar kerja): pindai dengan kamera ponsel",
                "en": "Online (quizzes, checklists, worksheets): scan with your phone's camera"},
    "qr_lesson": {"id": "Sesi ini daring: kuis, daftar periksa, lembar kerja", "en": "This session online: quiz, checklists, worksheets"},
    "activity_report": {"id": "Laporan Kegiatan", "en": "Activity report"},
    "report_introduction": {"id": "Pendahuluan", "en": "Introduction"},
    "report_background": {"id": "Latar Belakang", "en": "Background"},
    "report_basis": {"id": "Dasar Pelaksanaan", "en": "Basis"},
    "report_goals": {"id": "Maksud dan Tujuan", "en": "Aims"},
    "report_implementation": {"id": "Pelaksanaan Kegiatan", "en": "How the event went"},
    "report_time_place": {"id": "Waktu dan Tempat", "en": "Time and place"},
    "report_participants": {"id": "Peserta", "en": "Participants"},
    "report_expected": {"id": "Peserta yang direncanakan", "en": "Participants expected"},
    "report_registered": {"id": "Peserta yang terdaftar", "en": "Participants registered"},
    "report_offices": {"id": "Asal instansi", "en": "Offices"},
    "report_offices_count": {"id": "{count} instansi", "en": "{count} offices", "en_one": "{count} office"},
    "report_people": {"id": "Narasumber, Fasilitator, dan Moderator", "en": "Speakers, facilitators and moderators"},
    "report_sessions": {"id": "Materi", "en": "Sessions"},
    "report_results": {"id": "Hasil Kegiatan", "en": "Results"},
    "report_test": {"id": "Hasil Tes Awal dan Tes Akhir", "en": "Pre-test and post-test results"},
    "report_speaker_evaluation": {"id": "Hasil Evaluasi Narasumber", "en": "Speaker evaluation"},
    "report_organisation_evaluation": {"id": "Hasil Evaluasi Penyelenggaraan", "en": "Evaluation of the organisation"},
    "report_forms": {"id": "Formulir", "en": "Forms"},
    "report_category": {"id": "Kategori", "en": "Rating"},
    "report_all_speakers": {"id": "Per aspek, semua narasumber", "en": "By aspect, all speakers"},
    "report_scale": {"id": "Skala 1 (kurang) sampai 4 (sangat baik). Rata-rata sampai 1,75: kurang; sampai 2,50: cukup; sampai 3,25: baik; di atasnya: sangat baik.",
                     "en": "Scale 1 (poor) to 4 (very good). A mean up to 1.75: poor; up to 2.50: fair; up to 3.25: good; above: very good."},
    "report_photos": {"id": "Dokumentasi Kegiatan", "en": "Photos of the event"},
    "report_closing": {"id": "Penutup", "en": "Conclusion"},
    "report_conclusions": {"id": "Kesimpulan", "en": "Conclusions"},
    "report_recommendations": {"id": "Saran", "en": "Recommendations"},
    "report_annexes": {"id": "Lampiran", "en": "Annexes"},
    "report_participant_list": {"id": "Daftar Peserta dan Nilai Tes", "en": "Participants and test scores"},
    "score_taken": {"id": "Jumlah peserta", "en": "Participants"},
    "score_mean": {"id": "Rata-rata", "en": "Mean"},
    "score_lowest": {"id": "Terendah", "en": "Lowest"},
    "score_highest": {"id": "Tertinggi", "en": "Highest"},
    "score_both": {"id": "Peserta dengan kedua nilai", "en": "Participants with both scores"},
    "score_change": {"id": "Perubahan rata-rata", "en": "Mean change"},
    "score_points": {"id": "{points} poin", "en": "{points} points"},
    "score_directions": {"id": "Nilai naik / tetap / turun", "en": "Score up / same / down"},
    "score_people": {"id": "{up} / {same} / {down} peserta", "en": "{up} / {same} / {down} participants"},
    "score_passed": {"id": "Mencapai nilai batas lulus ({mark})", "en": "Reached the pass mark ({mark})"},
    "score_passed_count": {"id": "{count} dari {taken} peserta ({percent}%)", "en": "{count} of {taken} participants ({percent}%)"},
    "score_change_short": {"id": "Perubahan", "en": "Change"},
    "report_closing_text": {"id": "Demikian laporan kegiatan ini disusun sebagai pertanggungjawaban penyelenggaraan dan bahan evaluasi kegiatan berikutnya.",
                            "en": "This report is submitted as the record of the event and as a basis for improving the next one."},
    "report_days": {"id": "{count} hari, {sessions} sesi, {jp} JP", "en": "{count} days, {sessions} sessions, {jp} JP",
                    "en_one": "{count} day, {sessions} sessions, {jp} JP"},
}


class Translator:
    """Labels and formats for one language; called as ``t('key')`` in templates."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, key: str, **values: object) -> str:
        try:
            forms = LABELS[key]
            text = forms[self.language]
        except KeyError:
            raise KeyError(f"no label {key!r} for language {self.language!r}") from None
        if values.get("count") == 1:  # English says '1 question', not '1 questions' (Indonesian: '1 soal', as any number)
            text = forms.get(f"{self.language}_one", text)
        return text.format(**values) if values else text

    def date(self, value: dt.date, style: str = "full") -> str:
        """'Kamis, 30 September 2021' (id) or 'Thursday, September 30, 2021' (en); style 'long' without
        the weekday ('30 September 2021'), 'short' abbreviated ('30 Sep 2021')."""
        if style == "full":
            pattern = "EEEE, d MMMM y" if self.language == "id" else "EEEE, MMMM d, y"
            return _babel_date(value, pattern, locale=self.language)
        if style == "long":
            return _babel_date(value, "d MMMM y" if self.language == "id" else "MMMM d, y", locale=self.language)
        return _babel_date(value, "d MMM y", locale=self.language)

    def number(self, value: float) -> str:
        """A short number with the language's decimal mark: 2, 2,25 (id) / 2.25 (en)."""
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.language == "id" else text

    def clock(self, value: dt.datetime | dt.time) -> str:
        """24-hour time; Indonesian writes 08.30, English 08:30."""
        return value.strftime("%H.%M" if self.language == "id" else "%H:%M")


class LabelsAtCompileTime(jinja2.ext.Extension):
    """A Jinja extension: ``t("key")`` becomes its label when the template is compiled.

    A lesson page asks for about a hundred labels; each call through Jinja's
    runtime and escaping cost 5 µs, a tenth of the page's rendering, for a text
    that is fixed once the language is. Folded only where the call is exactly
    ``t`` of one quoted key that has a label in this language, and only in a
    template where ``t`` is never bound or used otherwise (``{% set t %}``, a
    loop or macro argument named ``t``): there it might not be this function.
    Anything else (``t("page_of", page=n)``, an unknown key) is called at render
    time, as before, with its errors.
    """

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        environment.extend(label_language=None)

    @property
    def identity(self) -> str:
        """What the compiled code depends on (part of the compiled-template cache's key)."""
        return f"labels:{self.environment.label_language}"

    def filter_stream(self, stream: jinja2.lexer.TokenStream) -> Iterable[jinja2.lexer.Token]:
        language = self.environment.label_language
        tokens = list(stream)
        if language is None or not _only_called(tokens):
            return tokens
        folded: list[jinja2.lexer.Token] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            call = tokens[index:index + 4]
            if (token.type == "name" and token.value == "t" and [t.type for t in call] == ["name", "lparen", "string", "rparen"]
                    and not (folded and folded[-1].type == "dot") and language in LABELS.get(call[2].value, {})):
                folded.append(jinja2.lexer.Token(token.lineno, "string", LABELS[call[2].value][language]))
                index += 4
                continue
            folded.append(token)
            index += 1
        return folded


def _only_called(tokens: list[jinja2.lexer.Token]) -> bool:
    """Whether every use of the name ``t`` in these tokens is a call (so it is the global, never a local)."""
    for index, token in enumerate(tokens):
        if token.type == "name" and token.value == "t" and not (index and tokens[index - 1].type == "dot"):
            if index + 1 >= len(tokens) or tokens[index + 1].type != "lparen":
                return False
            if index and tokens[index - 1].type == "name" and tokens[index - 1].value == "macro":
                return False  # {% macro t(...) %}: a local t, called like the global
    return True
