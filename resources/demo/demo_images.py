"""The demo lessons' diagrams, one function per picture, each returning a Pillow image."""

from __future__ import annotations

from collections.abc import Callable

from demo_drawing import (
    AMBER,
    BLUE,
    GREEN,
    INK,
    LINE,
    MUTED,
    PAPER,
    PURPLE,
    RED,
    TEAL,
    WHITE,
    YELLOW,
    Color,
    arrow,
    badge,
    canvas,
    card,
    check_mark,
    font,
    header,
    paragraph,
    segments,
    tint,
)
from PIL import Image, ImageDraw

WIDTH = 1200


def sbi_model() -> Image.Image:
    image, draw = canvas(WIDTH, 620)
    top = header(draw, WIDTH, "Feedback that lands: S · B · I",
                 "Three parts, one moment, then a question.")
    parts = [("S", "Situation", "When and where?", "“In yesterday’s client call…”", BLUE),
             ("B", "Behaviour", "What did you see or hear?",
              "“…you summarised the three open risks and named an owner for each…”", PURPLE),
             ("I", "Impact", "What did it cause?", "“…the client signed off the plan on the spot.”", TEAL)]
    card_w, gap, left = 340, 42, 48
    for index, (letter, name, question, example, color) in enumerate(parts):
        x0 = left + index * (card_w + gap)
        card(draw, (x0, top + 10, x0 + card_w, top + 364), fill=WHITE, outline=tint(color, 0.55))
        draw.rounded_rectangle((x0, top + 10, x0 + card_w, top + 24), 8, fill=color)
        badge(draw, (x0 + 60, top + 90), 40, color, letter, font(44, "bold"))
        draw.text((x0 + 116, top + 66), name, font=font(32, "bold"), fill=INK)
        below = paragraph(draw, (x0 + 30, top + 156), question, font(23, "bold"), color, card_w - 60)
        paragraph(draw, (x0 + 30, below + 14), example, font(23, "italic"), INK, card_w - 60)
        if index < len(parts) - 1:
            y = top + 175
            arrow(draw, (x0 + card_w + 6, y), (x0 + card_w + gap - 4, y), MUTED, width=5, head=14)
    y = top + 396
    draw.rounded_rectangle((48, y, WIDTH - 48, y + 64), 16, fill=tint(AMBER, 0.85))
    draw.text((WIDTH // 2, y + 32), "Then ask: “How did you see it?” — and listen.", font=font(26, "bold"),
              fill=INK, anchor="mm")
    return image


def lifting_checklist() -> Image.Image:
    image, draw = canvas(WIDTH, 660)
    top = header(draw, WIDTH, "Before you lift: a six-point check", "Thirty seconds that protect your back.",
                 accent=AMBER)
    _lifter(draw, top)
    steps = ["Test the weight: tip one corner first", "Clear the route and the landing spot",
             "Feet apart, one foot slightly forward", "Bend your knees, back straight",
             "Hold the load close to your waist", "Turn with your feet — never twist"]
    x, y = 560, top + 20
    for number, step in enumerate(steps, start=1):
        card(draw, (x, y, WIDTH - 48, y + 64), radius=14, shadow=False)
        check_mark(draw, (x + 16, y + 14, x + 52, y + 50), GREEN)
        draw.text((x + 70, y + 32), f"{number}. {step}", font=font(24), fill=INK, anchor="lm")
        y += 80
    return image


def _lifter(draw: ImageDraw.ImageDraw, top: int) -> None:
    """A side view of a person squatting to lift a box with a straight back."""
    floor = top + 440
    draw.rounded_rectangle((48, top + 10, 520, floor + 40), 20, fill=tint(AMBER, 0.88))
    draw.line((70, floor, 500, floor), fill=MUTED, width=4)
    body, limb, far = INK, 16, tint(INK, 0.45)
    hip, knee, ankle = (185, floor - 135), (300, floor - 120), (240, floor - 10)
    back_knee, back_ankle = (270, floor - 100), (190, floor - 10)
    shoulder, head = (240, floor - 292), (262, floor - 344)
    draw.line((hip, back_knee, back_ankle, (back_ankle[0] + 44, back_ankle[1])), fill=far, width=limb,
              joint="curve")
    draw.line((hip, knee, ankle, (ankle[0] + 44, ankle[1])), fill=body, width=limb, joint="curve")
    draw.line((hip, shoulder), fill=body, width=limb + 6)
    draw.ellipse((head[0] - 34, head[1] - 34, head[0] + 34, head[1] + 34), fill=body)
    box = (318, floor - 150, 458, floor - 4)
    draw.rectangle(box, fill=(205, 150, 90), outline=(150, 100, 50), width=4)
    draw.line((box[0], box[1] + 30, box[2], box[1] + 30), fill=(150, 100, 50), width=3)
    hand = (338, floor - 96)
    draw.line((shoulder, (292, floor - 200), hand), fill=body, width=limb - 2, joint="curve")
    draw.ellipse((hand[0] - 12, hand[1] - 12, hand[0] + 12, hand[1] + 12), fill=body)
    # Guides: the straight back and the load kept close.
    draw.line(((hip[0] - 36, hip[1] + 30), (shoulder[0] - 40, shoulder[1] - 40)), fill=GREEN, width=5)
    draw.text((70, floor - 270), "Back\nstraight", font=font(22, "bold"), fill=GREEN, spacing=4)
    draw.text((380, floor - 230), "Load\nclose", font=font(22, "bold"), fill=GREEN, spacing=4)
    draw.text((300, floor + 12), "Knees bent, feet apart", font=font(20, "bold"), fill=INK, anchor="ma")


def xlookup_sheet() -> Image.Image:
    image, draw = canvas(WIDTH, 680, WHITE)
    top = header(draw, WIDTH, "XLOOKUP: find a value, return its neighbour", accent=GREEN)
    mono, cell = font(24, "mono"), font(22)
    # Formula bar, each argument in the colour of the range it refers to.
    draw.rectangle((48, top, WIDTH - 48, top + 52), fill=PAPER, outline=LINE, width=2)
    draw.text((64, top + 26), "F2", font=font(22, "bold"), fill=MUTED, anchor="lm")
    draw.line((112, top + 8, 112, top + 44), fill=LINE, width=2)
    draw.text((128, top + 26), "fx", font=font(22, "italic"), fill=MUTED, anchor="lm")
    segments(draw, (170, top + 12), [("=XLOOKUP(", INK), ("E2", PURPLE), (", ", INK), ("A2:A7", BLUE),
                                     (", ", INK), ("C2:C7", GREEN), (", ", INK), ('"Not found"', AMBER),
                                     (")", INK)], mono)
    columns = [("", 50), ("A", 190), ("B", 300), ("C", 150), ("D", 40), ("E", 190), ("F", 184)]
    rows = [["Product ID", "Product", "Price", "", "Find ID", "Price"],
            ["P-101", "Desk lamp", "24.90", "", "P-104", "45.00"],
            ["P-102", "Monitor arm", "89.00", "", "", ""], ["P-103", "USB-C hub", "39.50", "", "", ""],
            ["P-104", "Laptop stand", "45.00", "", "", ""], ["P-105", "Webcam cover", "4.20", "", "", ""],
            ["P-106", "Headset", "79.00", "", "", ""]]
    x_edges = [48]
    for _, width in columns:
        x_edges.append(x_edges[-1] + width)
    row_h, grid_top = 48, top + 80
    # Column letters, then numbered rows; the matching row is highlighted.
    draw.rectangle((48, grid_top, x_edges[-1], grid_top + row_h), fill=PAPER)
    for index, (letter, _) in enumerate(columns):
        draw.text(((x_edges[index] + x_edges[index + 1]) // 2, grid_top + row_h // 2), letter,
                  font=cell, fill=MUTED, anchor="mm")
    for r, values in enumerate(rows, start=1):
        y = grid_top + r * row_h
        if r == 5:
            draw.rectangle((x_edges[1], y, x_edges[4], y + row_h), fill=YELLOW)
        draw.rectangle((48, y, x_edges[1], y + row_h), fill=PAPER)
        draw.text(((x_edges[0] + x_edges[1]) // 2, y + row_h // 2), str(r), font=cell, fill=MUTED,
                  anchor="mm")
        for c, value in enumerate(values, start=1):
            face = font(22, "bold") if r == 1 else cell
            draw.text((x_edges[c] + 14, y + row_h // 2), value, font=face, fill=INK, anchor="lm")
    bottom = grid_top + (len(rows) + 1) * row_h
    for x in x_edges:
        draw.line((x, grid_top, x, bottom), fill=LINE, width=1)
    for r in range(len(rows) + 2):
        draw.line((48, grid_top + r * row_h, x_edges[-1], grid_top + r * row_h), fill=LINE, width=1)
    # Outlines that match the colours of the formula's arguments.
    first, last = grid_top + 2 * row_h, grid_top + 8 * row_h
    draw.rectangle((x_edges[1], first, x_edges[2], last), outline=BLUE, width=4)
    draw.rectangle((x_edges[3], first, x_edges[4], last), outline=GREEN, width=4)
    draw.rectangle((x_edges[5], first, x_edges[6], first + row_h), outline=PURPLE, width=4)
    draw.rectangle((x_edges[6], first, x_edges[7], first + row_h), fill=tint(GREEN, 0.85), outline=GREEN,
                   width=4)
    draw.text((x_edges[6] + 14, first + row_h // 2), "45.00", font=font(22, "bold"), fill=INK, anchor="lm")
    arrow(draw, (x_edges[4] - 10, first + 3 * row_h + 24), (x_edges[6] + 40, first + row_h + 8), GREEN,
          width=4, head=16)
    _xlookup_legend(draw, bottom + 28)
    return image


def _xlookup_legend(draw: ImageDraw.ImageDraw, y: int) -> None:
    legend: list[tuple[str, str, Color]] = [
        ("E2", "what to find", PURPLE), ("A2:A7", "where to look", BLUE),
        ("C2:C7", "what to return", GREEN), ('"Not found"', "shown if missing", AMBER)]
    step = (WIDTH - 96) // len(legend)
    for number, (code, meaning, color) in enumerate(legend):
        x = 48 + number * step
        badge(draw, (x + 22, y + 26), 20, color, str(number + 1), font(22, "bold"))
        draw.text((x + 56, y + 4), code, font=font(22, "mono"), fill=color)
        draw.text((x + 56, y + 32), meaning, font=font(20), fill=INK)


def phishing_red_flags() -> Image.Image:
    image, draw = canvas(WIDTH, 720)
    top = header(draw, WIDTH, "Five red flags in one email", "Slow down when you see even one.", accent=RED)
    left, right = 48, 740
    card(draw, (left, top, right, top + 540))
    draw.rounded_rectangle((left, top, right, top + 44), 18, fill=tint(INK, 0.9))
    draw.rectangle((left, top + 26, right, top + 44), fill=tint(INK, 0.9))
    for index, color in enumerate((RED, AMBER, GREEN)):
        draw.ellipse((left + 18 + index * 26, top + 14, left + 34 + index * 26, top + 30), fill=color)
    label, value = font(21, "bold"), font(21)
    rows = [("From:", "IT Service Desk <desk@it-help.example>"),
            ("Subject:", "URGENT: your mailbox closes in 24 hours")]
    y = top + 66
    for key, text in rows:
        draw.text((left + 24, y), key, font=label, fill=MUTED)
        draw.text((left + 132, y), text, font=value, fill=INK)
        y += 40
    draw.line((left + 24, y + 4, right - 24, y + 4), fill=LINE, width=2)
    body = font(22)
    draw.text((left + 24, y + 24), "Dear user,", font=body, fill=INK)
    paragraph(draw, (left + 24, y + 64), "We detected unusual activity. Your mailbox will be closed "
              "unless you verify your account within 24 hours.", body, INK, right - left - 48)
    button = (left + 24, y + 168, left + 284, y + 222)
    draw.rounded_rectangle(button, 10, fill=BLUE)
    draw.text(((button[0] + button[2]) // 2, (button[1] + button[3]) // 2), "Verify my account",
              font=font(22, "bold"), fill=WHITE, anchor="mm")
    tip = (left + 24, y + 236, left + 520, y + 272)
    draw.rounded_rectangle(tip, 6, fill=INK)
    draw.text((tip[0] + 12, tip[1] + 18), "https://mailbox-verify.example/login", font=font(19, "mono"),
              fill=WHITE, anchor="lm")
    paragraph(draw, (left + 24, y + 292), "Sign in with your username and password to keep your "
              "messages.", body, INK, right - left - 100)
    # Markers sit in a column at the card's right edge, level with the line they point at.
    marker_x = right - 34
    flags = [((marker_x, top + 79), "The sender’s domain is not your company’s"),
             ((marker_x, top + 119), "Pressure: act within 24 hours or lose access"),
             ((marker_x, y + 38), "A generic greeting from a system that knows your name"),
             ((marker_x, tip[1] + 18), "The link’s real address differs from the button’s text"),
             ((marker_x, y + 306), "It asks for your password")]
    x = right + 36
    ylist = top + 10
    for number, (spot, text) in enumerate(flags, start=1):
        badge(draw, spot, 17, RED, str(number), font(20, "bold"))
        badge(draw, (x + 20, ylist + 22), 20, RED, str(number), font(22, "bold"))
        ylist = max(paragraph(draw, (x + 54, ylist + 6), text, font(22), INK, WIDTH - 48 - x - 54),
                    ylist + 60) + 28
    return image


def standup_board() -> Image.Image:
    image, draw = canvas(WIDTH, 680)
    top = header(draw, WIDTH, "The 10-minute stand-up: walk the board",
                 "Right to left — finishing work beats starting it.", accent=BLUE)
    columns: list[tuple[str, list[tuple[str, Color, bool]]]] = [
        ("To do", [("Draft Q3 survey", YELLOW, False), ("Book venue", YELLOW, False)]),
        ("In progress", [("Supplier contract", (191, 219, 254), True), ("Onboarding guide", (191, 219, 254),
                                                                        False)]),
        ("Done", [("Budget sign-off", (187, 247, 208), False), ("Team rota", (187, 247, 208), False)])]
    col_w, gap, x0 = 272, 22, 48
    for index, (name, notes) in enumerate(columns):
        x = x0 + index * (col_w + gap)
        card(draw, (x, top, x + col_w, top + 430), fill=WHITE)
        draw.text((x + 22, top + 20), name, font=font(26, "bold"), fill=INK)
        for row, (text, color, blocked) in enumerate(notes):
            y = top + 76 + row * 168
            draw.rectangle((x + 26, y + 6, x + col_w - 20, y + 146), fill=tint(INK, 0.85))
            draw.rectangle((x + 22, y, x + col_w - 26, y + 140), fill=color)
            paragraph(draw, (x + 40, y + 20), text, font(24), INK, col_w - 90)
            if blocked:
                draw.rounded_rectangle((x + 40, y + 96, x + 150, y + 128), 8, fill=RED)
                draw.text((x + 95, y + 112), "Blocked", font=font(18, "bold"), fill=WHITE, anchor="mm")
    arrow(draw, (x0 + 3 * col_w + 2 * gap - 40, top + 462), (x0 + 40, top + 462), BLUE, width=6, head=20)
    draw.text((x0 + (3 * col_w + 2 * gap) // 2, top + 490), "Done  →  In progress  →  To do",
              font=font(22, "bold"), fill=BLUE, anchor="ma")
    _timer(draw, (1052, top + 150))
    draw.text((1052, top + 280), "Time-box:\nten minutes", font=font(22, "bold"), fill=INK, anchor="ma",
              align="center")
    draw.text((1052, top + 370), "Discussions go\nto the parking lot", font=font(19), fill=MUTED,
              anchor="ma", align="center")
    return image


def _timer(draw: ImageDraw.ImageDraw, center: tuple[int, int]) -> None:
    x, y = center
    draw.ellipse((x - 92, y - 92, x + 92, y + 92), fill=WHITE, outline=LINE, width=10)
    draw.arc((x - 92, y - 92, x + 92, y + 92), -90, 200, fill=BLUE, width=10)
    draw.text((x, y), "10:00", font=font(40, "bold"), fill=INK, anchor="mm")


def first_week_plan() -> Image.Image:
    image, draw = canvas(WIDTH, 550)
    top = header(draw, WIDTH, "Your first week, one focus a day", "Access, context and people before output.",
                 accent=PURPLE)
    days = [("Mon", "Get access", "Laptop, accounts, badge; meet your buddy"),
            ("Tue", "Watch real work", "Shadow a teammate for a few hours"),
            ("Wed", "Read the map", "Team goals, planning, where decisions live"),
            ("Thu", "Finish something", "A first small task, end to end"),
            ("Fri", "Agree on goals", "Questions and 30-day goals with your manager")]
    card_w = 204
    step, first, line_y = (WIDTH - 96 - card_w) // 4, 48 + card_w // 2, top + 60
    draw.line((first, line_y, first + step * 4, line_y), fill=tint(PURPLE, 0.6), width=8)
    for index, (day, focus, detail) in enumerate(days):
        cx = first + index * step
        badge(draw, (cx, line_y), 44, PURPLE, day, font(22, "bold"))
        box = (cx - card_w // 2, line_y + 76, cx + card_w // 2, line_y + 300)
        card(draw, box, fill=WHITE, outline=tint(PURPLE, 0.6))
        below = paragraph(draw, (box[0] + 18, box[1] + 20), focus, font(24, "bold"), PURPLE, card_w - 36)
        paragraph(draw, (box[0] + 18, max(below + 10, box[1] + 96)), detail, font(21), INK, card_w - 36)
    return image


def email_structure_de() -> Image.Image:
    image, draw = canvas(WIDTH, 700)
    top = header(draw, WIDTH, "So ist eine klare E-Mail aufgebaut", "Die Bitte zuerst, Details zuletzt.",
                 accent=TEAL)
    left, right = 48, 760
    card(draw, (left, top, right, top + 520))
    body, bold = font(22), font(22, "bold")
    draw.text((left + 24, top + 24), "Betreff:", font=bold, fill=MUTED)
    draw.text((left + 130, top + 24), "Freigabe bis Do, 12 Uhr: Budget Messestand", font=bold, fill=INK)
    draw.line((left + 24, top + 68, right - 24, top + 68), fill=LINE, width=2)
    parts = [("Hallo Jana,", top + 90),
             ("ich brauche bis Donnerstag, 12 Uhr, deine Freigabe für das Messebudget von 4.800 €.",
              top + 136),
             ("Der Standbauer hält sein Angebot nur bis Freitag.", top + 232),
             ("• Fläche: 12 m², Halle 3\n• Angebot im Anhang (1 Seite)\n• Vorjahr: 5.200 €", top + 296),
             ("Danke dir!\nMalte", top + 420)]
    for text, y in parts:
        paragraph(draw, (left + 24, y), text, body, INK, right - left - 100)
    notes = [(top + 36, "Betreff = Thema + Handlung + Frist"), (top + 160, "Die Bitte im ersten Satz"),
             (top + 244, "Ein Satz zum Warum"), (top + 340, "Details als Stichpunkte"),
             (top + 444, "Freundlich und kurz schließen")]
    for number, (y, text) in enumerate(notes, start=1):
        draw.line((right - 16, y, right + 44, y), fill=TEAL, width=3)
        draw.ellipse((right - 22, y - 6, right - 10, y + 6), fill=TEAL)
        badge(draw, (right + 66, y), 22, TEAL, str(number), font(22, "bold"))
        paragraph(draw, (right + 100, y - 14), text, font(22, "bold"), INK, WIDTH - right - 148)
    return image


# Output path (relative to resources/demo) → the function that draws it.
DIAGRAMS: dict[str, Callable[[], Image.Image]] = {
    "lessons/giving-feedback-sbi/media/sbi-model.png": sbi_model,
    "lessons/lifting-safely/media/lifting-checklist.png": lifting_checklist,
    "lessons/xlookup-basics/media/xlookup-sheet.png": xlookup_sheet,
    "lessons/spotting-phishing/media/phishing-red-flags.png": phishing_red_flags,
    "lessons/ten-minute-standup/media/standup-board.png": standup_board,
    "lessons/first-week/media/first-week-plan.png": first_week_plan,
    "lessons/klare-e-mails/media/email-aufbau.png": email_structure_de,
}
