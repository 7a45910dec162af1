"""Imports studypack's CSV decks and packages into fresh Anki collections with Anki's own importers,
the way the desktop import dialog does with nothing changed, and checks notes, history and
re-imports.

Run by scripts/anki-check.mjs with the path of a plan.json it wrote; prints what it checked.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import sys
import unicodedata

from anki import import_export_pb2
from anki.collection import (
    Collection,
    CsvMetadata,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)

failures: list[str] = []
counts: dict[str, int] = {}


def check(condition: bool, message: str) -> bool:
    counts["assertions"] = counts.get("assertions", 0) + 1
    if not condition:
        failures.append(message)
    return condition


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def import_file(col: Collection, path: str, label: str):
    """What the import dialog does when the user changes nothing: metadata as read, then import."""
    meta = col.get_csv_metadata(path, None)
    log = col.import_csv(ImportCsvRequest(path=path, metadata=meta)).log
    counts[f"{label}: files"] = counts.get(f"{label}: files", 0) + 1
    return meta, log


def check_metadata(col: Collection, meta, path: str, combined: bool) -> None:
    basic = col.models.by_name("Basic")
    where = path.rsplit("/", 1)[-1]
    check(meta.delimiter == CsvMetadata.COMMA and meta.force_delimiter, f"{where}: comma separator not forced")
    check(meta.is_html and meta.force_is_html, f"{where}: #html:true not honoured")
    check(meta.WhichOneof("notetype") == "global_notetype", f"{where}: no global note type")
    check(basic is not None and meta.global_notetype.id == basic["id"], f"{where}: note type is not Basic")
    check(list(meta.global_notetype.field_columns) == [1, 2], f"{where}: Front/Back not mapped to columns 1/2")
    check(meta.tags_column == 3, f"{where}: tags column is {meta.tags_column}")
    check(meta.guid_column == 4, f"{where}: guid column is {meta.guid_column}")
    if combined:
        check(meta.WhichOneof("deck") == "deck_column" and meta.deck_column == 5, f"{where}: deck column not 5")
    else:
        check(meta.WhichOneof("deck") == "deck_name", f"{where}: deck is not taken from #deck:")
    check(meta.dupe_resolution == CsvMetadata.UPDATE, f"{where}: duplicates are not updated")
    check(meta.match_scope == CsvMetadata.NOTETYPE, f"{where}: match scope is not the note type")
    check(len(meta.preview) > 0, f"{where}: empty preview")


def note_by_guid(col: Collection, guid: str):
    nid = col.db.scalar("select id from notes where guid = ?", guid)
    return col.get_note(nid) if nid else None


def check_notes(col: Collection, expected: list[dict], label: str) -> None:
    for e in expected:
        note = note_by_guid(col, e["guid"])
        if not check(note is not None, f"{label}: no note with GUID {e['guid']}"):
            continue
        check(note["Front"] == nfc(e["front"]), f"{label}: Front of {e['guid']} differs: {note['Front'][:80]!r}")
        check(note["Back"] == nfc(e["back"]), f"{label}: Back of {e['guid']} differs")
        got = sorted(t.lower() for t in note.tags)
        want = sorted(nfc(t).lower() for t in e["tags"])
        check(got == want, f"{label}: tags of {e['guid']} are {got}, expected {want}")
        decks = {col.decks.name(card.did) for card in note.cards()}
        check(decks == {e["deck"]}, f"{label}: {e['guid']} is in {decks}, expected {e['deck']}")
    counts[f"{label}: notes checked"] = len(expected)


def check_fixture(col: Collection, expected: list[dict], slug: str) -> None:
    """The guide-like entry: code block lines, escaped script, no javascript: link, leading #."""
    first = next(e for e in expected if e["slug"] == slug)
    note = note_by_guid(col, first["guid"])
    if not check(note is not None, "fixture note missing"):
        return
    back, front = note["Back"], note["Front"]
    # Code is coloured by spans around its words; every character of it must still be there.
    uncoloured = lambda field: re.sub(r'</?span[^>]*>', '', field)
    code = "async def handler(req):\n    if n &lt; 10 &amp; flags:\n        return {'cost': '$0.08'}\n\n\treturn None\n"
    check(f'<pre><code class="language-python">{code}</code></pre>' in uncoloured(back), "code block lost lines or indentation")
    check("<script" not in back.lower(), "a live <script> reached the Back field")
    check("&lt;script>" in back, "the guide's <script> is not shown as text")
    check("javascript:" not in back.lower(), "a javascript: link reached the Back field")
    check("{{handlebars}}" in back and "&#91;sound:evil.mp3]" in back, "{{ or [sound: not kept as text")
    check(front.startswith("#1 Why &quot;WebSockets&quot;"), f"the leading # question was mangled: {front!r}")
    prompt = "if (n &lt; 10 &amp;&amp; flags) {\n  return '&lt;ok>';\n}\n"
    check(f'<pre><code class="language-js">{prompt}</code></pre>' in uncoloured(front), f"the prompt's code lost lines on the Front: {front!r}")
    counts["fixture checks"] = 7


def import_package(col: Collection, path: str, label: str):
    """What opening a package does with the import dialog's defaults: update notes and note
    types if newer, no merging of note types, no scheduling."""
    request = ImportAnkiPackageRequest(package_path=path, options=ImportAnkiPackageOptions())
    log = col.import_anki_package(request).log
    counts[f"{label}: packages"] = counts.get(f"{label}: packages", 0) + 1
    return log


def studypack_ids(col: Collection) -> dict[str, tuple[int, int]]:
    """Note and card id of every note, by GUID."""
    return {
        guid: (nid, cid)
        for guid, nid, cid in col.db.all("select n.guid, n.id, c.id from notes n join cards c on c.nid = n.id")
    }


def check_rendered(col: Collection, label: str) -> None:
    """Each card as Anki renders it holds its question, prompt, answer, key terms and source."""
    shown = {"cards": 0, "with code": 0, "with a prompt": 0, "unanswered": 0}
    for cid in col.find_cards("note:studypack"):
        card = col.get_card(cid)
        note = card.note()
        question, answer = card.question(), card.answer()
        shown["cards"] += 1
        check(note["Question"] in question, f"{label}: the question of {note.guid} is not on its front")
        check(note["Prompt"] in question, f"{label}: the prompt of {note.guid} is not on its front")
        check(note["Answer"] in answer, f"{label}: the answer of {note.guid} is not on its back")
        check(note["Source"] in answer and note["Project"] in answer, f"{label}: project or source of {note.guid} missing")
        check(note["Key terms"] in answer, f"{label}: the key terms of {note.guid} are not on its back")
        check("<style>" in question and ".nightMode" in question, f"{label}: the note type's CSS is not on {note.guid}")
        check(not card.question_av_tags() and not card.answer_av_tags(), f"{label}: {note.guid} plays something")
        if "<pre><code" in note["Prompt"] + note["Answer"]:
            shown["with code"] += 1
            check("<pre><code" in answer, f"{label}: the code of {note.guid} is not on its back")
        if note["Prompt"]:
            shown["with a prompt"] += 1
        if not note["Answer"]:
            shown["unanswered"] += 1
            check("No answer in the guide yet." in answer, f"{label}: {note.guid} has no answer and says nothing")
    for key, value in shown.items():
        counts[f"{label}: rendered {key}"] = value


def check_media(plan: dict) -> None:
    """A package given an image and a file no card uses: the image arrives, the other stays out,
    and Anki's media check finds nothing missing and nothing unused."""
    media = plan.get("mediaPackage")
    if not media:
        return
    col = Collection(plan["collection"].replace("collection.anki2", "media.anki2"))
    try:
        log = import_package(col, media["path"], "media package")
        check(len(log.new) == media["notes"], f"media package: {len(log.new)} notes, expected {media['notes']}")
        files = sorted(os.listdir(col.media.dir()))
        check(media["image"] in files, f"media package: {media['image']} is not in the media folder: {files}")
        check(media["unused"] not in files, f"media package: {media['unused']}, used by no card, was imported")
        result = col.media.check()
        check(not result.missing, f"media check: missing {list(result.missing)}")
        check(not result.unused, f"media check: unused {list(result.unused)}")
        note = note_by_guid(col, media["mathGuid"])
        answer = note.cards()[0].answer() if note else ""
        check(f'src="{media["image"]}"' in answer, "media package: the image is not on its card")
        check("\\(n^2\\)" in answer, f"media package: the math delimiters are not on the card: {answer[-300:]!r}")
        check_rendered(col, "media package")
        counts["media package: files in the media folder"] = len(files)
        counts["media check: missing, unused"] = len(result.missing) + len(result.unused)
    finally:
        col.close()


def check_packages(plan: dict) -> None:
    """The packages of two real CLI builds of a copy of guides/, an answer edited, a question
    reworded and one added in between."""
    pk = plan.get("packages")
    if not pk:
        return
    v1, v2 = pk["v1"], pk["v2"]
    col = Collection(plan["collection"].replace("collection.anki2", "packages.anki2"))
    try:
        # 1. Every package imports with nothing skipped; the note count equals the entries.
        for package in v1["packages"]:
            log = import_package(col, package["path"], "packages: first import")
            check(len(log.new) == package["notes"], f"{package['slug']}.apkg: {len(log.new)} new notes, pack has {package['notes']}")
            check(not log.conflicting and not log.duplicate and not log.missing_notetype, f"{package['slug']}.apkg: notes skipped")
        check(col.note_count() == v1["notes"], f"packages: {col.note_count()} notes, the packs have {v1['notes']}")
        nt = col.models.by_name("studypack")
        check(nt is not None and nt["id"] == plan["noteTypeId"], "packages: the note type studypack does not have its fixed id")
        counts["packages: notes after first import"] = col.note_count()
        log = import_package(col, v1["all"], "packages: first import")
        check(not log.new and col.note_count() == v1["notes"], f"all.apkg after the projects' packages made {len(log.new)} notes")

        # 2. Rendered cards.
        check_rendered(col, "packages")

        # 4. Study every card, edit the note type's templates as a user would, rebuild, re-import.
        guids = v1["guids"]
        study(col, guids)
        before = cards_state(col, guids)
        ids_before = studypack_ids(col)
        revlog = col.db.scalar("select count() from revlog")
        check(revlog > 0 and len(before) == len(guids), "packages: study left no history")
        counts["packages: cards studied"] = len(before)
        counts["packages: review log entries"] = revlog
        nt = col.models.by_name("studypack")
        nt["tmpls"][0]["afmt"] += "\n<!-- my own note -->"
        col.models.update_dict(nt)
        # A flag on the edited note's card, and the reworded note's card moved to a deck of the user's.
        flagged = note_by_guid(col, pk["edited"]["guid"]).cards()[0]
        col.set_user_flag_for_cards(3, [flagged.id])
        moved = note_by_guid(col, pk["reworded"]["guid"]).cards()[0]
        own_deck = col.decks.id("My own deck")
        col.set_deck([moved.id], own_deck)
        # A field renamed in Anki: the field keeps its id, so the note type is still the same one.
        nt = col.models.by_name("studypack")
        col.models.rename_field(nt, col.models.field_map(nt)["Key terms"][1], "Terms")
        col.models.update_dict(nt)
        before = cards_state(col, guids)

        new, updated = [], []
        for package in v2["packages"]:
            log = import_package(col, package["path"], "packages: re-import")
            new += [n.fields[0] for n in log.new]
            updated += [n.id.nid for n in log.updated]
            check(not log.conflicting and not log.missing_notetype, f"{package['slug']}.apkg: conflicts on re-import")
        log = import_package(col, v2["all"], "packages: re-import")
        check(not log.new and not log.updated, f"all.apkg after the projects' packages: {len(log.new)} new, {len(log.updated)} updated")
        check(len(new) == 1, f"packages: re-import made {len(new)} new notes, expected exactly 1: {new}")
        check(note_by_guid(col, pk["added"]) is not None, "packages: the added question has no note")
        check(col.note_count() == v1["notes"] + 1, f"packages: {col.note_count()} notes after re-import")
        ids_after = studypack_ids(col)
        check(all(ids_after.get(g) == ids for g, ids in ids_before.items()), "packages: a note or card id changed")
        check(cards_state(col, guids) == before, "packages: scheduling changed on re-import")
        check(col.db.scalar("select count() from revlog") == revlog, "packages: review log entries were lost")
        for what in ("reworded", "edited"):
            guid = pk[what]["guid"]
            note = note_by_guid(col, guid)
            check(note is not None and note.id in updated, f"packages: the {what} note was not updated in place")
        check(pk["reworded"]["keptAs"] == pk["reworded"]["guid"], "packages: the reworded question did not keep its id")
        edited = note_by_guid(col, pk["edited"]["guid"])
        check(edited is not None and "I would add load tests today." in edited["Answer"], "packages: the edited answer did not arrive")
        nt = col.models.by_name("studypack")
        check("my own note" in nt["tmpls"][0]["afmt"], "packages: the user's edit of the card template was lost")
        check(col.get_card(flagged.id).user_flag() == 3, "packages: the flag of a card was lost on re-import")
        check(col.get_card(moved.id).did == own_deck, "packages: a card moved to another deck was moved back")
        names = sorted(n.name for n in col.models.all_names_and_ids() if n.name.startswith("studypack"))
        check(names == ["studypack"], f"packages: after a field was renamed in Anki, the note types are {names}")
        nt = col.models.by_name("studypack")
        check("Terms" in col.models.field_names(nt), "packages: the user's field name was not kept")
        counts["packages: notes updated in place"] = len(set(updated))
        counts["packages: new notes on re-import"] = len(new)
        counts["packages: ids kept"] = sum(1 for g, ids in ids_before.items() if ids_after.get(g) == ids)

        # 6. The CSV decks after the packages add nothing.
        added = 0
        for path in v2["decks"] + [v2["allDeck"]]:
            _, log = import_file(col, path, "packages: CSV after")
            added += len(log.new)
        check(added == 0 and col.note_count() == v1["notes"] + 1, f"packages: the CSV decks after the packages made {added} notes")
        counts["packages: notes the CSV decks added after them"] = added
    finally:
        col.close()

    # 5. all.apkg alone: one deck per project.
    col = Collection(plan["collection"].replace("collection.anki2", "all-package.anki2"))
    try:
        log = import_package(col, v1["all"], "all.apkg")
        check(len(log.new) == v1["notes"], f"all.apkg: {len(log.new)} notes, the packs have {v1['notes']}")
        decks = {col.decks.name(did) for did in col.db.list("select distinct did from cards")}
        check(len(decks) == v1["projects"] and all(d.startswith("Interview Prep::") for d in decks), f"all.apkg: decks {sorted(decks)}")
        counts["all.apkg: notes"] = col.note_count()
        counts["all.apkg: decks with cards (one per project)"] = len(decks)
    finally:
        col.close()

    # The CSV first, then the package: nothing new either.
    col = Collection(plan["collection"].replace("collection.anki2", "csv-then-package.anki2"))
    try:
        for path in v1["decks"]:
            import_file(col, path, "CSV then package")
        notes = col.note_count()
        new = sum(len(import_package(col, p["path"], "CSV then package").new) for p in v1["packages"])
        check(new == 0 and col.note_count() == notes, f"the packages after the CSV decks made {new} notes")
        counts["CSV then packages: notes the packages added"] = new
        # As the README says: change the CSV's notes to the note type, then import with "Always" once.
        basic = col.models.by_name("Basic")
        studypack = col.models.by_name("studypack")
        info = col.models.change_notetype_info(old_notetype_id=basic["id"], new_notetype_id=studypack["id"])
        request = info.input
        request.note_ids.extend(col.find_notes("note:Basic"))
        del request.new_fields[:]
        request.new_fields.extend([0, -1, 1, -1, -1, -1, -1])
        col.models.change_notetype_of_notes(request)
        always = ImportAnkiPackageOptions(update_notes=import_export_pb2.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS)
        updated = 0
        for package in v1["packages"]:
            log = col.import_anki_package(ImportAnkiPackageRequest(package_path=package["path"], options=always)).log
            updated += len(log.updated)
            check(not log.new and not log.conflicting, f"{package['slug']}.apkg after Change Note Type: {len(log.new)} new, {len(log.conflicting)} conflicting")
        check(updated == notes and col.note_count() == notes, f"after Change Note Type, {updated} of {notes} notes updated")
        counts["CSV then packages: notes moved to the note type and updated with 'Always'"] = updated
    finally:
        col.close()


def cards_state(col: Collection, guids: list[str]) -> dict[str, tuple]:
    state = {}
    for guid in guids:
        note = note_by_guid(col, guid)
        if note is None:
            continue
        for card in note.cards():
            revlog = col.db.scalar("select count() from revlog where cid = ?", card.id)
            state[guid] = (note.id, card.id, card.reps, card.ivl, card.due, card.type, card.queue, revlog)
    return state


def study(col: Collection, guids: list[str]) -> None:
    """Answers each card Good until it is a review card, as a few days of study would."""
    for guid in guids:
        note = note_by_guid(col, guid)
        if note is None:
            continue
        for card in note.cards():
            for _ in range(4):
                card = col.get_card(card.id)
                if card.type == 2:  # a review card: it has an interval now
                    break
                card.start_timer()
                col.sched.answerCard(card, 3)


def check_built(plan: dict) -> None:
    """The decks the build wrote to out/, imported as they are into a collection of their own."""
    built = plan["built"]
    if not built["perPack"] and not built["combined"]:
        return
    col = Collection(plan["collection"].replace("collection.anki2", "built.anki2"))
    try:
        total = 0
        for deck in built["perPack"]:
            meta, log = import_file(col, deck["path"], "out/ decks")
            check_metadata(col, meta, deck["path"], combined=False)
            check(len(log.new) == deck["notes"], f"{deck['path']}: {len(log.new)} notes, pack has {deck['notes']}")
            total += deck["notes"]
        if built["combined"]:
            meta, log = import_file(col, built["combined"], "out/ decks")
            check_metadata(col, meta, built["combined"], combined=True)
            if built["perPack"]:
                check(len(log.new) == 0, f"out/all.anki.csv made {len(log.new)} notes beyond the per-project decks")
        counts["out/ decks: notes"] = col.note_count()
    finally:
        col.close()


def check_real_build(plan: dict) -> None:
    """Decks of two real builds of a copy of guides/, a question reworded in between."""
    real = plan.get("realBuild")
    if not real:
        return
    col = Collection(plan["collection"].replace("collection.anki2", "e2e.anki2"))
    try:
        check(real["reworded"]["keptAs"] == real["reworded"]["guid"], f"the build did not keep the id of the reworded question in {real['slug']}")
        new = 0
        for path in real["v1"]:
            meta, log = import_file(col, path, "e2e first import")
            check_metadata(col, meta, path, combined=False)
            new += len(log.new)
        notes = col.note_count()
        check(new == notes, "e2e: first import left notes it did not make")
        _, log = import_file(col, real["v1Combined"], "e2e first import")
        check(len(log.new) == 0, f"e2e: all.anki.csv made {len(log.new)} notes beyond the per-project decks")
        studied = [real["reworded"]["guid"], real["edited"]["guid"]]
        study(col, studied)
        before = cards_state(col, studied)
        revlog = col.db.scalar("select count() from revlog")
        new, updated = 0, []
        for path in real["v2"]:
            _, log = import_file(col, path, "e2e re-import")
            new += len(log.new)
            updated += [n.id.nid for n in log.updated]
        _, log = import_file(col, real["v2Combined"], "e2e re-import")
        new += len(log.new)
        check(new == 0, f"e2e: re-import after the edits made {new} new notes")
        check(col.note_count() == notes, "e2e: the number of notes changed on re-import")
        check(cards_state(col, studied) == before, "e2e: studied cards changed on re-import")
        check(col.db.scalar("select count() from revlog") == revlog, "e2e: review log entries were lost")
        note = note_by_guid(col, real["reworded"]["guid"])
        check(note is not None and nfc(real["reworded"]["newQuestion"]) in note["Front"].replace("&quot;", '"').replace("&amp;", "&"), "e2e: the reworded question did not reach its note")
        check(note is not None and note.id in updated, "e2e: the reworded note was not updated in place")
        edited = note_by_guid(col, real["edited"]["guid"])
        check(edited is not None and "I would add load tests today." in edited["Back"], "e2e: the edited answer did not reach its note")
        counts["e2e (real CLI builds): notes"] = notes
        counts["e2e: notes updated in place after rewording + answer edit"] = len(set(updated))
        counts["e2e: new notes on re-import"] = new
    finally:
        col.close()


def card_text(card_html: str) -> str:
    """What a card shows: its HTML without the note type's style sheet, tags and entities."""
    return html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<style>.*?</style>", "", card_html, flags=re.S))).strip()


def check_rich(plan: dict) -> None:
    """A guide with math, code and an image, built by the CLI: through the CSV deck (its media
    copied into the profile's media folder, as the README says) and through the package, every
    card as Anki renders it holds MathJax delimiters, coloured code and the image, and Anki's media
    check finds nothing missing."""
    rich = plan.get("rich")
    if not rich:
        return
    for label, kind in (("rich guide, CSV", "csv"), ("rich guide, package", "apkg")):
        col = Collection(plan["collection"].replace("collection.anki2", f"rich-{kind}.anki2"))
        try:
            if kind == "csv":
                for name in os.listdir(rich["media"]):
                    shutil.copy(os.path.join(rich["media"], name), col.media.dir())
                import_file(col, rich["deck"], label)
            else:
                import_package(col, rich["package"], label)
            answers = [col.get_card(cid).answer() for cid in col.find_cards("")]
            check(len(answers) == 1, f"{label}: {len(answers)} cards, expected 1")
            answer = answers[0] if answers else ""
            check("\\(O(n \\log n)\\)" in answer, f"{label}: no inline formula on the card: {answer[:400]!r}")
            check("\\[T(n) = 2T(n/2) + n\\]" in answer, f"{label}: no display formula on the card")
            check("$5 and $10" in answer, f"{label}: the prices were changed")
            check('<span style="color:' in answer and ">def</span>" in answer, f"{label}: the code is not coloured")
            images = re.findall(r'<img src="(sp-[0-9a-f]+\.png)"', answer)
            check(len(images) == 1, f"{label}: the image is not on the card")
            files = os.listdir(col.media.dir())
            check(all(name in files for name in images), f"{label}: the image is not in the media folder")
            result = col.media.check()
            check(not result.missing, f"{label}: media check finds missing {list(result.missing)}")
            check(not result.unused, f"{label}: media check finds unused {list(result.unused)}")
            counts[f"{label}: cards with math, coloured code and their image"] = len(images)
        finally:
            col.close()


def check_hostile(plan: dict) -> None:
    """A guide with [sound:…] and [anki:…] in every place a card shows: nothing plays, all shows.
    Its questions that start with = + - @ start no cell a spreadsheet would run, and Anki shows
    them as written."""
    hostile = plan.get("hostile")
    if not hostile:
        return
    cells = 0
    for path in hostile["decks"]:
        with open(path, encoding="utf-8", newline="") as f:
            body = "".join(line for line in f if not line.startswith("#"))
        for row in csv.reader(io.StringIO(body)):
            for cell in row:
                cells += 1
                check(not cell or cell[0] not in "=+-@\t\r", f"hostile: a spreadsheet would run the cell {cell[:60]!r} of {path}")
    counts["hostile guide: cells read as a spreadsheet does, none a formula"] = cells
    col = Collection(plan["collection"].replace("collection.anki2", "hostile.anki2"))
    try:
        for path in hostile["decks"]:
            import_file(col, path, "hostile guide")
        shown = ""
        cards = 0
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            for name in ("Front", "Back"):
                field = note[name].lower()
                check("[sound:" not in field and "[anki:" not in field, f"hostile: a live tag in the {name} of {note.guid}: {note[name][:120]!r}")
                check(note[name][:1] not in "=+-@\t\r" or not note[name], f"hostile: Anki stored the {name} of {note.guid} as a formula: {note[name][:60]!r}")
            for card in note.cards():
                cards += 1
                check(not card.question_av_tags(), f"hostile: the front of {note.guid} plays {card.question_av_tags()}")
                check(not card.answer_av_tags(), f"hostile: the back of {note.guid} plays {card.answer_av_tags()}")
                shown += card_text(card.answer()) + "\n"
        questions = {
            card_text(col.get_card(cid).question())
            for cid in col.find_cards("")
        }
        for question in hostile["formulas"]:
            check(question in questions, f"hostile: the question {question!r} is not shown as written: {sorted(questions)}")
        for text in hostile["shown"]:
            check(text in shown, f"hostile: {text} is not shown on any card")
        counts["hostile guide: cards rendered, none playing a sound"] = cards
    finally:
        col.close()
    col = Collection(plan["collection"].replace("collection.anki2", "hostile-package.anki2"))
    try:
        import_package(col, hostile["package"], "hostile guide")
        check_rendered(col, "hostile package")
        shown = "\n".join(card_text(col.get_card(cid).answer()) for cid in col.find_cards(""))
        for text in hostile["shown"]:
            check(text in shown, f"hostile package: {text} is not shown on any card")
    finally:
        col.close()


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        plan = json.load(f)
    check_built(plan)
    check_real_build(plan)
    check_hostile(plan)
    check_rich(plan)
    check_packages(plan)
    check_media(plan)
    col = Collection(plan["collection"])
    try:
        total_v1 = len(plan["expected"]["v1"])

        # 1. First import of every project's deck.
        new = 0
        for path in plan["files"]["v1"]:
            meta, log = import_file(col, path, "first import")
            check_metadata(col, meta, path, combined=False)
            new += len(log.new)
            check(not log.conflicting and not log.missing_notetype, f"{path}: conflicts or missing note type")
        check(new == total_v1, f"first import made {new} notes, expected {total_v1}")
        check(col.note_count() == total_v1, f"collection holds {col.note_count()} notes, expected {total_v1}")
        counts["notes after first import"] = col.note_count()
        check_notes(col, plan["expected"]["v1"], "first import")
        check_fixture(col, plan["expected"]["v1"], plan["fixtureSlug"])
        decks = sorted({e["deck"] for e in plan["expected"]["v1"]})
        check(all(col.decks.id_for_name(d) for d in decks), "a project deck was not created")
        counts["decks"] = len(decks)

        # 2. Study: the cards that will be edited, and a few more, get review history.
        studied = []
        for edit in plan["edits"]:
            studied += [edit["answerEdited"], edit["reworded"]]
        studied += [e["guid"] for e in plan["expected"]["v1"][:6] if e["guid"] not in studied]
        study(col, studied)
        before = cards_state(col, studied)
        revlog_before = col.db.scalar("select count() from revlog")
        check(revlog_before > 0 and all(s[2] > 0 for s in before.values()), "study left no review history")
        counts["cards studied"] = len(before)
        counts["review log entries"] = revlog_before

        # 3. The combined deck of the same build changes nothing.
        meta, log = import_file(col, plan["combined"]["v1"], "combined import")
        check_metadata(col, meta, plan["combined"]["v1"], combined=True)
        check(len(log.new) == 0, f"combined import of the same build made {len(log.new)} new notes")
        check(col.note_count() == total_v1, "combined import changed the number of notes")
        counts["combined: unchanged notes"] = len(log.duplicate)

        # 4. Re-import after edits: answer edited, question reworded (id kept by the lock), one added.
        added = len(plan["edits"])
        updated = []
        new = 0
        for path in plan["files"]["v2"]:
            _, log = import_file(col, path, "re-import")
            new += len(log.new)
            updated += [n.id.nid for n in log.updated]
        check(new == added, f"re-import made {new} new notes, expected {added} (the added questions)")
        check(col.note_count() == total_v1 + added, f"re-import left {col.note_count()} notes, expected {total_v1 + added}")
        check_notes(col, plan["expected"]["v2"], "re-import")
        after = cards_state(col, studied)
        for guid, state in before.items():
            check(after.get(guid) == state, f"{guid}: card or history changed on re-import: {state} → {after.get(guid)}")
        check(col.db.scalar("select count() from revlog") == revlog_before, "review log entries were lost")
        for edit in plan["edits"]:
            note = note_by_guid(col, edit["reworded"])
            check(note is not None and note.id == before[edit["reworded"]][0], "reworded note is not the same note")
            check(note_by_guid(col, edit["rewordedFreshId"]) is None, "reworded question made a note of its own")
            check(before[edit["answerEdited"]][0] in updated, "the edited answer was not updated in place")
            check(before[edit["reworded"]][0] in updated, "the reworded question was not updated in place")
        counts["re-import: new notes"] = new
        counts["re-import: notes updated in place"] = len(updated)
        counts["notes after re-import"] = col.note_count()

        # 5. The combined deck of the edited build: again nothing new.
        _, log = import_file(col, plan["combined"]["v2"], "combined import")
        check(len(log.new) == 0, f"combined re-import made {len(log.new)} new notes")
        check(col.note_count() == total_v1 + added, "combined re-import changed the number of notes")

        # 6. What the lock prevents: the same edits with fresh ids only.
        extra = 0
        for path in plan["files"]["v2NoLock"]:
            _, log = import_file(col, path, "without lock")
            extra += len(log.new)
        check(extra == len(plan["edits"]), f"without the lock {extra} duplicates, expected {len(plan['edits'])}")
        counts["without the lock: duplicate notes a reword would make"] = extra
    finally:
        col.close()

    print("Anki check (Anki's own CSV and package importers, anki %s from PyPI)" % __import__("anki.buildinfo").buildinfo.version)
    print(f"  packs: {plan['realPacks']} from out/ + 1 fixture; edits in {len(plan['edits'])} of them")
    for edit in plan["edits"]:
        print(f"  lock: {edit['slug']}: {edit['pairing']}")
    if plan.get("realBuild"):
        real = plan["realBuild"]
        print(f"  e2e: studypack build, reworded in {real['slug']}: {real['lockMessage'] or real['reworded']['newQuestion']}")
    for key, value in counts.items():
        if key != "assertions":
            print(f"  {key}: {value}")
    if failures:
        print(f"FAILED: {len(failures)} of {counts['assertions']} checks")
        for message in failures[:40]:
            print(f"  ✗ {message}")
        return 1
    print(f"OK: {counts['assertions']} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
