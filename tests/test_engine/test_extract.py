"""Items quoted from the transcript: owners only from what was said, never invented.

Each mechanism has its own test, on sentences written for these tests (none of them is a
sentence of the evaluation set in bench/extraction/). Each test runs twice: the rules
alone, and with the learned spotter of decisions and open questions the minutes use."""

from functools import partial

import pytest

from engine.minutes import extract as extract_module
from engine.minutes.extract import NOT_STATED, extract
from engine.minutes.extract_learned import shared_spotter
from engine.minutes.extract_sentences import assemble
from engine.types import Segment


@pytest.fixture(autouse=True, params=["rules", "rules and learned"])
def _both_ways(request, monkeypatch):
    """Every test holds with the learned spotter of decisions and open questions as the app
    runs it (extract_learned.py, the real embedding model) too: what it adds must never be
    what the rules were taught to refuse."""
    if request.param == "rules and learned":
        spotter = shared_spotter()
        assert spotter is not None, "the embedding model (requirements-models.txt) is missing"
        monkeypatch.setitem(globals(), "extract", partial(extract_module.extract, spotter=spotter))


def seg(start, text, speaker=None):
    return Segment(start, start + 3, text, speaker=speaker)


def talk(*lines, speakers=True):
    """Segments from (speaker, text) pairs, one every 4 s; speakers dropped if not wanted."""
    return [seg(4 * k, text, who if speakers else None) for k, (who, text) in enumerate(lines)]


def test_request_accepted_by_the_next_speaker_gets_the_addressee_as_owner():
    e = extract([seg(10, "Carmen, can you write the announcement for the newsletter?"),
                 seg(14, "Yes, I will write the announcement and send it to Alice by Thursday.")])
    [item] = e.actions
    assert (item.owner, item.due, item.start) == ("Carmen", "by Thursday", 14)
    assert item.text == "write the announcement and send it to Alice by Thursday"
    assert e.questions == []  # a request is not an open question


def test_an_order_to_a_named_person_with_a_verb_of_any_trade_is_their_action():
    for line, task in (("Oren, disable that account now, not after the call.",
                        "disable that account now, not after the call"),
                       ("Oren, rotate the keys in the config bundle today.",
                        "rotate the keys in the config bundle today"),
                       ("Oren, flush the outlets on ward nine.", "flush the outlets on ward nine")):
        e = extract(talk((0, "The breach came through the build server."), (0, line), (1, "On it.")))
        assert [(a.owner, a.text) for a in e.actions] == [("Oren", task)], line
        assert e.decisions == []


def test_a_task_the_group_hands_to_someone_by_name_is_theirs_not_a_decision():
    for line, owner, task in (
            ("We'll have Omar reset the passwords.", "Omar", "reset the passwords"),
            ("Let's have Nadia call the landlord tomorrow.", "Nadia", "call the landlord tomorrow"),
            ("Can we get Theo to look at the boiler?", "Theo", "look at the boiler"),
            ("I'd like Omar to take the lead on the audit.", "Omar", "take the lead on the audit"),
            ("So we'll need Nadia to sign the lease by Friday.", "Nadia", "sign the lease by Friday")):
        e = extract(talk((0, "The agent phoned about Omar, Nadia and Theo's new office."),
                         (1, line), (0, "Good.")))
        assert [(a.owner, a.text) for a in e.actions] == [(owner, task)], line
        assert e.decisions == [], line
    for line in ("We had Omar reset the passwords last week.", "We'll have Christmas off.",
                 "We need Nadia to know about it."):
        e = extract(talk((0, "The agent phoned about Omar, Nadia and Theo's new office."),
                         (1, line), (0, "Good.")))
        assert e.actions == [], line


def test_a_name_said_to_say_whom_a_question_meant_is_not_the_one_asked():
    e = extract(talk((0, "Who's calling her? Sunita, I mean."), (1, "Yeah, I'll call her tomorrow.")))
    [item] = e.actions
    assert item.owner == "Speaker 2"


def test_a_bare_commitment_has_no_owner_until_a_recap_names_one():
    alone = extract([seg(1, "I will update the photos on the gallery page this week.")])
    assert alone.actions[0].owner == NOT_STATED and alone.actions[0].due == "this week"
    recap = extract([seg(1, "I will update the photos on the gallery page this week."),
                     seg(30, "So Brian tests the form, and David updates the photos.")])
    owners = {a.owner: a for a in recap.actions}
    assert owners["David"].text == "update the photos on the gallery page this week"
    assert owners["David"].start == 1
    assert owners["Brian"].text == "test the form"
    assert len(recap.actions) == 2


def test_decisions_and_open_questions():
    e = extract([seg(0, "We decided to move the launch to June."),
                 seg(5, "One open question is whether we need a Spanish version."),
                 seg(9, "Who will pay for the venue?"),
                 seg(12, "Nobody knows yet."),
                 seg(15, "The weather was nice on Monday.")])
    assert [d.text for d in e.decisions] == ["We decided to move the launch to June."]
    assert [q.text for q in e.questions] == [
        "One open question is whether we need a Spanish version.", "Who will pay for the venue?"]
    assert e.actions == []


def test_weekdays_months_and_sentence_starts_are_not_owners():
    e = extract([seg(0, "Monday works for everyone."), seg(3, "So March tests the patience.")])
    assert e.actions == []


def test_due_phrases():
    e = extract([seg(0, "I'll send the slides before the end of the week."),
                 seg(4, "I will book the room by next Friday."),
                 seg(8, "I will call them tomorrow."),
                 seg(12, "Okay."),
                 seg(16, "I'll print the badges after lunch."),
                 seg(20, "Fine."),
                 seg(24, "I can renew the licences within three days."),
                 seg(28, "Good."),
                 seg(32, "I'll sort the receipts by the twelfth."),
                 seg(36, "Great."),
                 seg(40, "I'll fix the chart before Friday's review.")])
    assert [a.due for a in e.actions] == [
        "before the end of the week", "by next Friday", "tomorrow", "after lunch",
        "within three days", "by the twelfth", "before Friday's review"]


def test_a_name_opening_a_sentence_with_will_is_an_owner_but_everyone_is_not():
    e = extract([seg(0, "Mary will send the report by Friday."),
                 seg(4, "Everyone will read it before Monday.")])
    assert [(a.owner, a.text, a.due) for a in e.actions] == [
        ("Mary", "send the report by Friday", "by Friday")]


# ---- sentence assembly ------------------------------------------------------------------


def test_a_sentence_cut_between_segments_is_whole_again():
    said = assemble([Segment(0.0, 2.0, "Okay. I'll take", speaker=0),
                     Segment(2.1, 4.0, "care of the venue deposit. Next item.", speaker=1)])
    assert [(s.text, s.start, s.speaker) for s in said] == [
        ("Okay.", 0.0, 0), ("I'll take care of the venue deposit.", 0.0, 0),
        ("Next item.", 2.1, 1)]
    [item] = extract([Segment(0.0, 2.0, "I'll take", speaker=0),
                      Segment(2.1, 4.0, "care of the venue deposit.", speaker=1)]).actions
    assert item.text == "take care of the venue deposit"


def test_a_question_announced_as_open_is_the_next_sentence():
    e = extract(talk((0, "Um, one open question."), (0, "Who signs off the final budget?"),
                     (1, "Right, moving on to the catering.")))
    assert [q.text for q in e.questions] == ["Who signs off the final budget?"]


# ---- actions: volunteers, requests, assignments, instructions ---------------------------


def test_a_volunteer_takes_the_task_of_the_call_with_it_read_as_the_announced_topic():
    lines = [(0, "Next, the quarterly newsletter."), (0, "Can anybody edit it?"),
             (2, "I can do that."), (0, "Thanks, Olga.")]
    [item] = extract(talk(*lines), {2: "Olga"}).actions
    assert (item.text, item.owner) == ("edit the quarterly newsletter", "Olga")
    [plain] = extract(talk(*lines, speakers=False)).actions
    assert (plain.text, plain.owner) == ("edit the quarterly newsletter", "Olga")  # thanked
    [unnamed] = extract(talk(*lines[:3])).actions
    assert unnamed.owner == "Speaker 3"


def test_them_is_the_plural_thing_just_said():
    e = extract(talk((0, "The vendors sent the invoices yesterday."),
                     (0, "Mark, could you file them?"), (1, "Sure, by Thursday.")))
    [item] = e.actions
    assert (item.text, item.owner, item.due) == ("file the invoices", "Mark", "by Thursday")


def test_someone_has_to_then_who_takes_it():
    e = extract(talk((0, "The domain registration runs out in June."),
                     (0, "Somebody has to renew it."), (1, "Leave it with me."),
                     (0, "Great, thanks Bruno.")), {1: "Bruno"})
    [item] = e.actions
    assert (item.text, item.owner) == ("renew the domain registration", "Bruno")


def test_an_assignment_then_how_the_assignee_will_do_it():
    e = extract(talk((0, "Petra will handle the caterers."), (1, "Yes, I'll phone them tomorrow.")),
                {1: "Petra"})
    [item] = e.actions
    assert item.owner == "Petra" and item.due == "tomorrow"
    assert item.text.startswith("handle the caterers") and "phone them" in item.text


def test_you_own_it_and_please_do_it_name_their_owner():
    e = extract(talk((0, "Ivan, you own the migration plan."),
                     (0, "And Sofia, please book the meeting room for the workshop.")))
    assert [(a.owner, a.text) for a in e.actions] == [
        ("Ivan", "own the migration plan"), ("Sofia", "book the meeting room for the workshop")]


def test_an_instruction_to_everyone_has_no_owner_and_its_due_date():
    [item] = extract(talk((0, "Everyone, please update your timesheets by Friday."))).actions
    assert (item.owner, item.text, item.due) == (NOT_STATED, "update your timesheets by Friday",
                                                 "by Friday")


def test_what_is_done_in_the_meeting_is_not_an_action():
    e = extract(talk((0, "Lena, can you walk us through the numbers?"),
                     (1, "Sure."), (0, "Please, go ahead."), (0, "Talk soon.")))
    assert e.actions == []
    call = extract(talk((0, "Thanks for ringing back. I'll get straight to it."),
                        (0, "The hall floor has scuff marks all along the far end."),
                        (1, "We saw the photos.")), {0: "Carol", 1: "Femi"})
    assert call.actions == []


def test_a_motion_moved_or_seconded_is_not_an_action():
    e = extract(talk((0, "The Morning Star's been on the mooring two years and nobody pays for it."),
                     (1, "I'll move that we lift her out and sell her."), (2, "I'll second that."),
                     (0, "Show of hands. That's every hand.")), {0: "Margaret", 1: "Sandy", 2: "Hywel"})
    assert e.actions == []
    moved = extract(talk((1, "I'll move that box to the van after this."), (0, "Thanks.")),
                    {0: "Margaret", 1: "Sandy"})
    assert [(a.owner, a.text) for a in moved.actions] == [("Sandy", "move that box to the van after this")]


def test_first_person_words_that_promise_no_work_are_not_actions():
    e = extract(talk((0, "I will be frank, the numbers are bad."), (1, "I can imagine."),
                     (1, "I can live with that."),
                     (0, "If you renew for two years, I can give you a discount."),
                     (1, "I'll try not to overspend on the stock again."),
                     (0, "I'll hold my hands up on the late invoices."),
                     (1, "I'll need the floor plans before I can quote.")))
    assert e.actions == []


def test_lets_ask_taken_up_by_a_volunteer():
    e = extract(talk((0, "Then let's ask the landlord for a written quote."),
                     (1, "I know her, I'll ask her this afternoon.")), {1: "Amal"})
    [item] = e.actions
    assert item.owner == "Amal" and item.due == "this afternoon"
    assert item.text.startswith("ask the landlord for a written quote")


# ---- decisions --------------------------------------------------------------------------


def test_decisions_in_many_words():
    e = extract(talk((0, "Okay, then we go with the blue logo."),
                     (1, "Then it's decided, we hold the retreat in Porto."),
                     (0, "Sunday it is."),
                     (1, "Going forward, every release gets a changelog.")))
    assert len(e.decisions) == 4


def test_a_settled_marker_takes_the_next_sentence():
    e = extract(talk((0, "Right, so that's settled."), (0, "The budget stays at five thousand.")))
    assert [d.text for d in e.decisions] == ["The budget stays at five thousand."]


def test_a_proposal_the_room_agrees_to_is_a_decision():
    e = extract(talk((0, "We could move the stand-up to ten."), (1, "Sounds good.")))
    assert [d.text for d in e.decisions] == ["We could move the stand-up to ten."]
    e = extract(talk((0, "I suggest we cancel the offsite this year."),
                     (0, "Does anyone object?"), (1, "No."), (2, "Not at all.")))
    assert [d.text for d in e.decisions] == ["I suggest we cancel the offsite this year."]
    assert e.questions == []
    e = extract(talk((0, "We could move the stand-up to ten."), (1, "I'd rather not.")))
    assert e.decisions == []


def test_past_and_put_off_decisions_are_not_decisions():
    e = extract(talk((0, "We agreed last spring to freeze hiring."),
                     (1, "We decided in March that the office closes on Fridays."),
                     (0, "Last season we agreed to run ticketed tenders at every port."),
                     (1, "We see how Easter goes."), (0, "Let's wait and see what Paris says."),
                     (1, "Let's, um, let's mull it over."), (0, "We decided it. We never did it."),
                     (0, "Let's not decide the venue today."),
                     (1, "We haven't decided on the caterer yet."),
                     (0, "Let's pick the date at the next meeting."),
                     (1, "Let's get the costs first and take it at the October meeting."),
                     (1, "Okay, let's get started.")))
    assert e.decisions == []


# ---- open questions ---------------------------------------------------------------------


def test_questions_answered_at_once_are_not_open():
    e = extract(talk((0, "Do we have a budget for it?"), (1, "We do, about two thousand."),
                     (0, "Is that the draft or the final version?"), (1, "The final one."),
                     (0, "Who doesn't want a longer lunch break?"), (1, "Ha."),
                     (0, "Any other business?"), (1, "No.")))
    assert e.questions == []


def test_a_question_nobody_can_answer_yet_is_open():
    e = extract(talk((0, "Will the venue take card payments?"),
                     (1, "No idea, I'll find out."),
                     (0, "Do we need insurance for the stalls?"),
                     (1, "Hmm, good question."), (1, "Last year the council paid for it."),
                     (1, "I'll have to check with them.")))
    assert [q.text for q in e.questions] == ["Will the venue take card payments?",
                                             "Do we need insurance for the stalls?"]


def test_a_follow_up_question_belongs_to_the_open_one():
    e = extract(talk((0, "Is the grant renewed for next year?"), (1, "I honestly don't know."),
                     (0, "Who could tell us?"), (1, "Probably the dean's office.")))
    assert [q.text for q in e.questions] == ["Is the grant renewed for next year?"]


def test_who_is_paying_asks_who_bears_a_cost_not_for_a_volunteer():
    cost = extract(talk((0, "Who's paying for the second seeding?"),
                        (1, "I'll look at the contract and come back to you by Friday.")),
                   {1: "Fiona"})
    assert [(a.owner, a.text) for a in cost.actions] == [
        ("Fiona", "look at the contract and come back to you by Friday")]
    shift = extract(talk((0, "Who's covering the late shift on Friday?"), (1, "I'll do it.")),
                    {1: "Fiona"})
    assert [(a.owner, a.text) for a in shift.actions] == [("Fiona", "cover the late shift on Friday")]


def test_a_call_nobody_can_take_yet_is_an_open_question_and_finding_out_an_action():
    e = extract(talk((0, "And who's paying for the new chairs?"), (1, "Not sure yet."),
                     (1, "I'll find out from accounts.")), {1: "Mina"})
    assert [q.text for q in e.questions] == ["Who's paying for the new chairs?"]
    [item] = e.actions
    assert item.owner == "Mina" and item.text.startswith("find out from accounts")


def test_a_short_yes_volunteers_but_me_too_does_not():
    e = extract(talk((0, "Last thing, the charity run."), (0, "Does anyone want to organise it?"),
                     (1, "I'd love to."), (0, "Brilliant."), (0, "Send me a route by Monday."),
                     (1, "Sure."), (2, "Me too.")), {0: "Nora", 1: "Ben", 2: "Ravi"})
    assert [(a.owner, a.text, a.due) for a in e.actions] == [
        ("Ben", "organise the charity run", NOT_STATED),
        ("Ben", "send me a route by Monday", "by Monday")]


def test_it_in_a_promise_with_a_date_is_the_thing_just_discussed():
    e = extract(talk((0, "The onboarding video is still missing its subtitles."),
                     (1, "How long do you need?"), (0, "I can have it ready by Thursday.")))
    [item] = e.actions
    assert item.text == "have the onboarding video ready by Thursday"


def test_a_second_request_about_it_is_more_of_the_same_task():
    e = extract(talk((0, "Dana, could you draft the agenda?"), (1, "Sure."),
                     (0, "Thanks, Dana."), (0, "Can you send it out first thing Monday?")))
    [item] = e.actions
    assert (item.owner, item.due) == ("Dana", "first thing Monday")


def test_introductions_and_roles_in_the_meeting_are_not_actions():
    e = extract(talk((0, "Hi all. Priya here, from the product team."),
                     (0, "I will run the meeting today."), (1, "Tomasz from engineering here."),
                     (2, "We have Berlin and Lyon this spring."), (1, "I'll take notes.")))
    assert e.actions == []


def test_every_i_will_of_a_sentence_is_read_and_a_date_settles_a_plan():
    e = extract(talk((0, "The hall is free on the twelfth and the nineteenth."),
                     (1, "So the recital is on the twelfth then."),
                     (2, "I'll tell you what, I can print the programmes again."),
                     (1, "We'll need someone to run the cloakroom too."),
                     (0, "I can do it, but only for the first hour.")), {0: "Lin", 2: "Paul"})
    assert [d.text for d in e.decisions] == ["The recital is on the twelfth then."]
    assert [(a.owner, a.text) for a in e.actions] == [
        ("Paul", "print the programmes again"), ("Lin", "run the cloakroom too")]


def test_an_offer_under_a_condition_mid_sentence_is_not_a_task():
    e = extract(talk((0, "I understand, and if you order two hundred, I can do nine euros each.")))
    assert e.actions == []


def test_ways_of_deciding_and_taking_tasks_seen_first_in_meetings_written_later():
    e = extract(talk((0, "Okay, lunch it is."), (0, "We'll book the terrace for twelve."),
                     (1, "Deal, we do the bake sale, starting in May."),
                     (2, "We could just keep the current rota."), (0, "Does anyone object to that?"),
                     (1, "No."), (2, "Not really."), (0, "Nobody objects, so the current rota stays."),
                     (0, "Could one of you water the plants on Friday?"), (1, "I can do it."),
                     (0, "And the broken sign, is it fixed yet?"), (2, "I'm on it."),
                     (2, "The new sign goes up with Tuesday's delivery.")))
    assert [d.text for d in e.decisions] == [
        "Lunch it is. We'll book the terrace for twelve.",
        "Deal, we do the bake sale, starting in May.",
        "Nobody objects, so the current rota stays."]
    assert [(a.text, a.due) for a in e.actions] == [
        ("water the plants on Friday", "on Friday"),
        ("the new sign goes up with Tuesday's delivery", "with Tuesday's delivery")]


def test_you_handle_it_in_a_meeting_of_two_is_the_other_ones():
    e = extract(talk((0, "Then let's ask the printer on Monday."),
                     (0, "You handle the printer, I'll do the flyers."),
                     (1, "Sounds like a plan.")), {0: "Hugo", 1: "Lily"})
    assert [(a.owner, a.text) for a in e.actions][0] == (
        "Lily", "ask the printer on Monday – handle the printer")


# ---- decisions: ways of settling studied on the former held-out set (2026-12-03) --------

def _decided(*lines, speakers=True):
    return [d.text for d in extract(talk(*lines, speakers=speakers)).decisions]


def test_a_time_between_decided_and_what_tells_an_old_decision():
    assert _decided((0, "We agreed over the summer to close on Sundays.")) == []
    assert _decided((0, "We decided back at the kickoff that nobody works weekends.")) == []
    assert _decided((0, "We decided to close on Sundays.")) == ["We decided to close on Sundays."]


def test_holding_a_topic_or_taking_it_up_later_decides_nothing():
    assert _decided((0, "Let's hold this until the auditors report.")) == []
    assert _decided((0, "Let's look at it in the new year."), (1, "Fine by me.")) == []
    for put_off in ("Let's hold that for the spring term.", "Let's hold it for the June meeting.",
                    "Let's take it offline."):
        assert _decided((0, "Are we opening on a Thursday evening or on the Saturday?"),
                        (1, "I don't think we've considered that."), (2, put_off),
                        (0, "That's fair.")) == [], put_off


def test_a_proposal_floated_or_put_off_by_its_speaker_is_not_agreed():
    assert _decided((0, "We could consider a four-day week."), (1, "Sounds good.")) == []
    assert _decided((0, "We could raise the fee by ten pounds."),
                    (0, "No rush, we can talk about it at the next board."), (1, "Agreed.")) == []


def test_a_motion_carried_and_a_rule_from_a_day_on_are_decisions():
    assert _decided((0, "No objections, so the proposal is carried.")) == [
        "No objections, so the proposal is carried."]
    assert _decided((0, "From Monday, every visitor signs in at reception.")) == [
        "From Monday, every visitor signs in at reception."]
    assert _decided((0, "From Monday, I'm on leave for a week.")) == []


def test_we_are_doing_it_now_said_as_a_conclusion():
    assert _decided((0, "Right, we're closing the old branch.")) == ["We're closing the old branch."]
    assert _decided((0, "Okay, we're seeing more errors than usual.")) == []


def test_so_someone_or_something_now_does_this_is_a_decision_not_a_task():
    e = extract(talk((0, "So Amira joins the night shift from Tuesday."),
                     (1, "Then he gets a second interview.")))
    assert [d.text for d in e.decisions] == ["Amira joins the night shift from Tuesday.",
                                             "He gets a second interview."]
    assert e.actions == []


def test_a_content_free_yes_seals_what_its_speaker_says_next_or_just_said():
    lines = [(0, "Buses first, trains after the holidays."), (0, "That's what we'll do then."),
             (1, "Fine.")]
    assert _decided(*lines) == _decided(*lines, speakers=False) == [
        "Buses first, trains after the holidays."]
    assert _decided((0, "Okay, done."), (0, "Forty tickets, no more."), (1, "Great.")) == [
        "Forty tickets, no more."]
    # an answer to a question is not what "let's do that" seals
    assert _decided((0, "Would the bigger room cost more?"), (1, "A little. Nothing we'd notice, really."),
                    (0, "Then yes, let's do that."), speakers=False) == []


def test_an_order_that_follows_from_the_talk_to_no_one_by_name_is_a_decision():
    e = extract(talk((0, "Then send them the smaller invoice."), (1, "Sure."),
                     (0, "Drop it from the roadmap, then."), (1, "Okay.")))
    assert [d.text for d in e.decisions] == ["Send them the smaller invoice.",
                                             "Drop it from the roadmap, then."]
    assert e.actions == []
    e = extract(talk((0, "Then Maya, please book the room."), (1, "Will do.")))
    assert [(a.owner, a.text) for a in e.actions] == [("Maya", "book the room")] and e.decisions == []


# ---- open questions: how meetings leave them open (former held-out set, 2026-12-03) -----

def _open(*lines, speakers=True):
    return [q.text for q in extract(talk(*lines, speakers=speakers)).questions]


def test_answers_that_do_not_answer_leave_the_question_open():
    assert _open((0, "Is the lift working again?"), (1, "I genuinely don't know."), (0, "Okay.")) == [
        "Is the lift working again?"]
    assert _open((0, "Did the grant cover travel?"), (1, "Honestly, I couldn't tell you."),
                 (0, "Right.")) == ["Did the grant cover travel?"]
    assert _open((0, "Will the printer take card stock?"), (1, "Maybe."), (0, "Okay, moving swiftly.")
                 ) == ["Will the printer take card stock?"]
    assert _open((0, "Is the hall free on the ninth?"), (1, "If it is, the choir can come too."),
                 (2, "Good.")) == ["Is the hall free on the ninth?"]
    assert _open((0, "Should the backups run on the main server?"),
                 (1, "I'm not deciding that tonight."), (0, "Fine.")) == [
        "Should the backups run on the main server?"]


def test_a_question_the_meeting_moves_on_from_is_open():
    assert _open((0, "Who replaces Jan on the rota?"), (1, "Right."), (1, "Item three, the car park."),
                 (2, "It's full every morning.")) == ["Who replaces Jan on the rota?"]
    lines = [(0, "Is the old van even worth insuring?"), (1, "Sorry, can I raise the parking thing?"),
             (0, "Go on.")]
    assert _open(*lines) == _open(*lines, speakers=False) == ["Is the old van even worth insuring?"]


def test_a_due_date_as_the_answer_is_no_new_topic():
    assert _open((0, "When will we hear back?"), (1, "First thing tomorrow."),
                 (1, "I'll send a note to everyone.")) == []


def test_a_question_put_off_by_another_stays_open_and_the_other_is_no_item():
    assert _open((0, "Should we switch banks?"), (1, "Can we talk about that once the audit is done?"),
                 (0, "Sure.")) == ["Should we switch banks?"]


def test_we_still_dont_know_whether_said_as_an_answer_is_the_open_question():
    assert _open((0, "Did the vet see the x-ray?"), (1, "Not yet, I think."),
                 (0, "So we still don't know whether the leg is broken or just bruised."),
                 (1, "Right.")) == ["We still don't know whether the leg is broken or just bruised."]
    assert _open((0, "Honestly, we don't know if the landlord will renew the lease.")) == [
        "We don't know if the landlord will renew the lease."]
    assert _open((0, "I'm not sure the new pump even fits the old pipes."), (1, "Hmm.")) == [
        "I'm not sure the new pump even fits the old pipes."]


# ---- action items: ways of handing out work (former held-out set, 2026-12-03) -----------

def _acts(*lines, speakers=True, names=None):
    return [(a.owner, a.text, a.due) for a in extract(talk(*lines, speakers=speakers), names).actions]


def test_a_need_said_just_before_is_what_ill_take_care_of_that_takes():
    assert _acts((0, "The council will need to repaint the crossing."),
                 (0, "I'll take care of that, Chair."), names={0: "Ola"}) == [
        ("Ola", "repaint the crossing", NOT_STATED)]


def test_words_after_i_can_or_i_need_to_that_promise_no_work_later():
    assert _acts((0, "I can only print ten at a time."), (1, "I need to run to a school pickup."),
                 (2, "I can work with the smaller room."), (3, "I'll read you the first paragraph."),
                 (0, "I'll move it.")) == []


def test_an_order_asked_as_a_question_by_name_and_one_that_is_yours():
    assert _acts((0, "Nadia, reschedule the dentist by the 9th?"), (1, "Yes.")) == [
        ("Nadia", "reschedule the dentist by the 9th", "by the 9th")]
    assert _acts((0, "Omar, that one's yours, get the permit renewed."), (1, "Okay.")) == [
        ("Omar", "get the permit renewed", NOT_STATED)]
    assert _acts((0, "Put Leon down for the Saturday stall."), (1, "Sure.")) == [
        ("Leon", "put Leon down for the Saturday stall", NOT_STATED)]


def test_the_askers_next_order_is_more_of_the_same_request():
    [(owner, text, when)] = _acts((0, "Can you ring the suppliers, Priti?"),
                                  (0, "Get them to quote by Monday?"), (1, "Will do."))
    assert (owner, when) == ("Priti", "by Monday") and text.startswith("ring the suppliers – get them")


def test_a_verb_and_a_date_is_when_the_task_just_taken_is_due():
    [(_, text, when)] = _acts((0, "Someone needs to update the handbook."), (1, "I'll do it."),
                              (1, "Draft by Friday."))
    assert (text, when) == ("update the handbook", "by Friday")


def test_a_request_done_there_and_then_is_no_action():
    assert _acts((0, "Sam, can you check the shared drive?"), (1, "Sure, give me a sec.")) == []
    assert _acts((0, "Rosa, would you summarise for us?"), (1, "Of course.")) == []


def test_coming_back_to_you_is_how_the_request_is_done_and_when():
    [(_, text, when)] = _acts((0, "Could you ask the landlord?"), (1, "Leave it with me."),
                              (1, "I'll come back to you in a week, when I've seen him."))
    assert (text, when) == ("ask the landlord – come back to you in a week", "in a week")


def test_numbers_and_titles_are_not_owners():
    e = extract(talk((0, "Was that four or five?"), (1, "Five, I think."), (1, "I'll book the van."),
                     speakers=False))
    assert [a.owner for a in e.actions] == [NOT_STATED]
    e = extract(talk((0, "Chef, the fridge is warm."), (1, "I'll call the engineer tomorrow."),
                     speakers=False))
    assert [a.owner for a in e.actions] == [NOT_STATED]


def test_someone_is_taking_care_of_it_and_a_yes_then_how():
    assert _acts((0, "Ravi's taking care of the raffle prizes."), speakers=False) == [
        ("Ravi", "take care of the raffle prizes", NOT_STATED)]
    [(owner, _, when)] = _acts((0, "And Abdi's sorting the tickets, yes?"), (1, "Yep."),
                               (1, "I'll pay the deposit by Friday."))
    assert (owner, when) == ("Abdi", "by Friday")


def test_more_due_phrases():
    assert [w for _, _, w in _acts((0, "I'll draft the bid in the next three weeks."),
                                   (1, "I'll send the minutes by end of play Thursday."),
                                   (2, "I'll file the claim."), (2, "The deadline's the 2nd of May."))] == [
        "in the next three weeks", "by end of play Thursday", "by the 2nd of May"]


def test_maybe_you_could_is_a_request_and_its_yes_takes_it():
    [(owner, text, _)] = _acts((0, "Lena, maybe you and Tom could look at the rota sometime?"),
                               (1, "Sure, I'll find an hour."))
    assert owner == "Lena" and text.startswith("look at the rota")


def test_go_and_do_it_a_day_to_be_put_down_for_and_a_call_its_asker_takes():
    assert _acts((0, "Someone needs to go and check the gutters."), (1, "I'll do it."),
                 names={1: "Kit"}) == [("Kit", "go and check the gutters", NOT_STATED)]
    assert _acts((0, "Put me down for the 15th."), names={0: "Bo"}) == [
        ("Bo", "put me down for the 15th", NOT_STATED)]  # the day is no due date
    assert _acts((0, "Someone should call the insurer."), (0, "I'll do it, actually."),
                 names={0: "Ana"}) == [("Ana", "call the insurer", NOT_STATED)]


def test_what_it_and_that_stand_for_in_an_order_and_a_promise():
    [(owner, text, _)] = _acts((0, "We could look at the cheaper printer."), (0, "Jo, price it up for me?"),
                               (1, "Sure."))
    assert owner == "Jo" and "the cheaper printer" in text
    [(_, text, when)] = _acts((0, "You'll need the landlord's letter."),
                              (1, "I'll get that to you by Monday."))
    assert (text, when) == ("get the landlord's letter to you by Monday", "by Monday")


def test_so_everyone_does_it_is_a_task_of_the_group_but_a_suggestion_is_not():
    assert _acts((0, "I'll confess I skipped the reading."),
                 (0, "Okay, so everyone sends their photos to the shared folder by Sunday.")) == [
        (NOT_STATED, "send their photos to the shared folder by Sunday", "by Sunday")]
    assert _acts((0, "Or, you know, everyone brings a dish.")) == []


def test_a_date_said_on_its_own_before_a_promise_is_its_due_date():
    acts = _acts((0, "I'll check the boiler."), (1, "When will we know more?"),
                 (0, "Tomorrow morning."), (0, "I'll email you the engineer's report."))
    assert [(text, when) for _, text, when in acts] == [
        ("check the boiler", NOT_STATED), ("email you the engineer's report", "Tomorrow morning")]


def test_more_ways_of_settling_a_plan_a_vote_and_a_proposal_asked():
    assert _decided((0, "So the plan is we reopen the café in March.")) == [
        "The plan is we reopen the café in March."]
    assert _decided((0, "Motion carried.")) == ["Motion carried."]
    assert _decided((0, "How about we rent the minibus?"), (1, "Sounds good."), (2, "Yes.")) == [
        "How about we rent the minibus?"]
    assert _decided((0, "Shall we get going?"), (1, "Fine by me.")) == []
    assert _decided((0, "Could we push the release to June?"), (1, "I'd rather not.")) == []


def test_an_action_for_someone_and_a_recap_of_who_does_what():
    assert _acts((0, "Action for Ben: update the slides before Monday.")) == [
        ("Ben", "update the slides before Monday", "before Monday")]
    assert _acts((0, "So, to recap: Ben sends the quote, Cy books the room."), speakers=False) == [
        ("Ben", "send the quote", NOT_STATED), ("Cy", "book the room", NOT_STATED)]


def test_promises_about_the_talk_itself_are_not_tasks():
    assert _acts((0, "I'll put it this way, the roof leaks."), (1, "I'll give you an example."),
                 (2, "I'll keep it short."), (0, "I'll hand over to Rob."), (1, "I'll stop sharing."),
                 (2, "I'll come back to that in a minute."), (0, "I have to leave at five."),
                 (1, "I'll mute myself.")) == []
    assert _acts((0, "I'll share the slides with the board by Friday.")) == [
        ("Speaker 1", "share the slides with the board by Friday", "by Friday")]


def test_more_ways_of_saying_nobody_knows_yet():
    assert _open((0, "Can the vendor deliver before June?"), (1, "They haven't said."), (0, "Hmm.")) == [
        "Can the vendor deliver before June?"]
    assert _open((0, "What if it snows?"), (1, "We'll cross that bridge when we come to it.")) == [
        "What if it snows?"]
    assert _decided((0, "What if it snows?"), (1, "We'll cross that bridge when we come to it.")) == []
    assert _open((0, "Will the new till be ready in time?"), (1, "I hope so."), (0, "Okay.")) == [
        "Will the new till be ready in time?"]
    assert _open((0, "Nobody knows yet whether the grant comes through.")) == [
        "Nobody knows yet whether the grant comes through."]
    assert _open((0, "It's not clear who owns the car park."), (1, "True.")) == [
        "It's not clear who owns the car park."]
    assert _open((0, "We'll have to see if the landlord agrees.")) == [
        "We'll have to see if the landlord agrees."]


def test_settled_said_in_yet_more_words_and_a_decision_put_off():
    assert _decided((0, "So that's a no to the street party.")) == ["That's a no to the street party."]
    assert _decided((0, "We're all agreed then, the fee stays at ten pounds.")) == [
        "We're all agreed then, the fee stays at ten pounds."]
    assert _decided((0, "In that case, the choir moves to Thursdays.")) == [
        "In that case, the choir moves to Thursdays."]
    assert _decided((0, "I guess we could try it for a month."), (1, "Yeah, let's.")) == [
        "I guess we could try it for a month."]
    assert _decided((0, "Let's make the decision next week.")) == []


def test_going_ahead_a_final_answer_and_an_approval_are_decisions():
    assert _decided((0, "We're going ahead with the refit.")) == [
        "We're going ahead with the refit."]
    assert _decided((0, "Final answer: we close at four on Christmas Eve.")) == [
        "Final answer: we close at four on Christmas Eve."]
    assert _decided((0, "Consider it decided, no more paper forms.")) == [
        "Consider it decided, no more paper forms."]
    assert _decided((0, "Shall we sign off the new rota?"), (1, "Approved.")) == [
        "Shall we sign off the new rota?"]
    assert _decided((0, "Is the fair going ahead with the bridge shut?"),
                    (1, "Nobody knows yet.")) == []


def test_more_ways_of_taking_and_giving_work():
    assert _acts((0, "Who's doing the rota?"), (1, "That'll be me."), names={1: "Jo"}) == [
        ("Jo", "do the rota", NOT_STATED)]
    assert _acts((0, "Leave the signage to me."), (1, "My action is to email the parents."),
                 names={0: "Al", 1: "Bea"}) == [("Al", "take the signage", NOT_STATED),
                                                 ("Bea", "email the parents", NOT_STATED)]
    assert _acts((0, "Rui, the minutes are yours this week."), (1, "Fine.")) == [
        ("Rui", "take the minutes this week", "this week")]
    assert _acts((0, "Cy, could you and Rui pick up the chairs on Friday?"), (1, "Sure.")) == [
        ("Cy", "pick up the chairs on Friday", "on Friday")]
    assert _acts((0, "Rui, any chance you could print the flyers?"), (1, "No problem.")) == [
        ("Rui", "print the flyers", NOT_STATED)]


def test_turn_taking_and_rhetorical_questions_stay_closed_when_the_meeting_moves_on():
    for q in ["What could possibly go wrong?", "Anyone else?", "Where was I?", "Does that make sense?",
              "Sorry, can you repeat that?", "Is that everything?", "Did you get my email?",
              "Shall we move on?", "What do you reckon?", "Why does it always rain on show day?",
              "Why is everything always late in December?"]:
        assert _open((0, q), (1, "Right, moving on, the hall is booked.")) == [], q
    # a thing named, not a complaint about "it": asked
    assert _open((0, "Why does the boiler always trip at six?"), (1, "No idea, honestly.")) == [
        "Why does the boiler always trip at six?"]
    # the asker moving on from their own question asked nothing of anyone
    assert _open((0, "Did the supplier confirm the date?"), (0, "Okay, moving on."),
                 (0, "Next item, the hall.")) == []
    assert _open((0, "Did the supplier confirm the date?"), (1, "Sorry, can I raise the parking thing?"),
                 (0, "Go on.")) == ["Did the supplier confirm the date?"]


def test_a_call_for_someone_to_do_a_job_is_no_open_question():
    e = extract(talk((0, "We need a drop-in desk for the new starters."),
                     (1, "Can someone book a room for that?"), (2, "Not me, I'm on laptops all week."),
                     (0, "Okay. Next, the badges.")))
    assert e.questions == []
    asked = extract(talk((0, "The March invoices came in double."),
                         (1, "Can someone tell me why the invoices doubled?"), (2, "No idea, honestly."),
                         (0, "Okay. Next, the badges.")))
    assert [q.start for q in asked.questions] == [4]


def test_a_statement_that_asks_for_a_nod_is_no_open_question():
    for q in ["It was serviced in January, wasn't it?", "That depends on the permit, doesn't it?",
              "Nobody wants to read about this in the papers, do they?",
              "We can't tell a taxi firm who to employ, can we?"]:
        assert _open((0, q), (1, "Right, moving on, the hall is booked.")) == [], q
    # the nod asked for after a question does not close it
    assert _open((0, "And should we be offering them compensation? The policy says after three "
                     "days, doesn't it?"), (1, "I think so. I'm not sure. Don't quote me.")) == [
        "Should we be offering them compensation? The policy says after three days, doesn't it?"]
    assert _open((0, "Was it serviced in January?"), (1, "Right, moving on, the hall is booked.")) == [
        "Was it serviced in January?"]


def test_asking_whether_the_meeting_is_done_or_what_was_said_is_no_open_question():
    for q in ["Good. Okay. Is that us?", "Sorry, did you say total station?"]:
        assert extract(talk((0, "Sam can write a reply template for the customers."),
                            (1, q))).questions == [], q
    assert [q.text for q in extract(talk((0, "The survey is on the school field."),
                                         (1, "Did the school say we can park there?"))).questions] \
        == ["Did the school say we can park there?"]


def test_a_question_nobody_has_answered_yet_said_as_a_statement_is_open():
    assert [q.text for q in extract(talk(
        (0, "The haul road crosses the gas main. The gas company have still not said whether we"
            " need a protection slab."), (1, "Right. Next, the drainage."))).questions] == [
        "The gas company have still not said whether we need a protection slab."]
    assert [q.text for q in extract(talk(
        (0, "Good. Then the only thing is whether you need a permit variation for the dam."),
        (1, "Neil? We've lost him."))).questions] == [
        "The only thing is whether you need a permit variation for the dam."]
    # said in answer, the question it answers is the open one
    assert [q.text for q in extract(talk(
        (0, "And the camera. Are we getting the camera for the alley or not?"),
        (1, "The council still hasn't said if we can put it on their lamp post."),
        (0, "So not yet."))).questions] == [
        "Are we getting the camera for the alley or not?"]


def test_running_the_meeting_and_reporting_a_chore_done_decide_nothing():
    assert _decided((0, "Okay, we're starting the second item.")) == []
    assert _decided((0, "So we're covering the budget today.")) == []
    assert _decided((0, "I've shared the link in the chat."), (0, "Okay, done."), (1, "Thanks.")) == []
    e = extract(talk((0, "Then send me the details later."), (1, "Sure.")))
    assert e.decisions == [] and [a.text for a in e.actions] == ["send me the details later"]


def test_an_order_asked_needs_a_name_or_a_date_and_it_is_read_before_it_is_dropped():
    assert _acts((0, "Take a seat?"), (1, "Sure.")) == []
    assert _acts((0, "Rui, check the logs?"), (1, "Yep.")) == [("Rui", "check the logs", NOT_STATED)]
    assert _acts((0, "I need to head off at three.")) == []
    assert _acts((0, "The landlord will need to fix the boiler."), (1, "I'll chase it."),
                 names={1: "Mo"}) == [("Mo", "chase the boiler", NOT_STATED)]


def test_a_motion_carried_is_decided_and_a_vote_put_off_or_lost_is_not():
    e = extract(talk((0, "I move that we buy a second minibus for the club."), (1, "Seconded."),
                     (0, "Those in favour?"), (2, "Aye."), (0, "Carried, eleven to two."),
                     (0, "Next item, the pitch fees.")))
    assert [(d.text, d.start) for d in e.decisions] == [
        ("We buy a second minibus for the club (carried)", 16)]
    chair = extract(talk((0, "All in favour of the hens?"), (1, "Aye."),
                         (0, "Carried. Four hens by the back fence.")))
    assert [d.text for d in chair.decisions] == ["Four hens by the back fence (carried)"]
    lost = extract(talk((0, "I propose we close on Sundays."), (1, "All in favour?"),
                        (0, "Not carried, four to seven.")))
    assert lost.decisions == []


def test_tasks_reported_of_someone_who_is_introduced_or_named_before_a_pronoun():
    e = extract(talk((0, "Marta from accounts will send the invoices on Tuesday."),
                     (1, "And she'll chase the late payers too."),
                     (2, "Kelvin at the crane firm will confirm the lift plan on Monday.")))
    assert [(a.owner, a.text) for a in e.actions] == [
        ("Marta", "send the invoices on Tuesday"), ("Marta", "chase the late payers too"),
        ("Kelvin", "confirm the lift plan on Monday")]
    two = extract(talk((0, "I spoke to Marta and to Ben."), (1, "She'll send the invoices.")))
    assert two.actions == []  # "she" could be either: no owner is guessed, no task either
    busy = extract(talk((0, "I saw Paul."), (1, "He's working on it.")))
    assert busy.actions == []  # a report of work going on, with no when, is no new task
    planned = extract(talk((0, "I saw Paul."), (1, "He's servicing the pump on Thursday.")))
    assert [(a.owner, a.due) for a in planned.actions] == [("Paul", "on Thursday")]


def test_an_order_without_a_verb_and_thinking_it_over_is_no_task():
    e = extract(talk((0, "Ben, the seating plan by Monday."), (1, "Sure."),
                     (2, "I'll sleep on it."), (3, "Let me think it over.")))
    assert [(a.owner, a.text, a.due) for a in e.actions] == [
        ("Ben", "the seating plan by Monday", "by Monday")]


def test_closing_the_meeting_a_decision_told_as_history_and_one_left_for_the_agm():
    e = extract(talk((0, "Let's make a start."), (1, "We decided at the retreat there'd be no bonus."),
                     (2, "Let's leave the raffle question for the AGM."), (0, "We'll close there.")))
    assert e.decisions == []


def test_a_proposal_asked_then_nobody_objects():
    e = extract(talk((0, "Shall we drop the Friday session?"), (1, "Nobody objects?"),
                     (0, "Good, Friday's dropped.")))
    assert [d.text for d in e.decisions] == ["Shall we drop the Friday session?"]


def test_what_a_chair_reports_before_a_proposal_put_to_the_room_is_not_decided():
    e = extract(talk((0, "On highways, the county engineer has now withdrawn his objection. I"
                         " propose we call no highways witness of our own. Any objection?"),
                     (1, "None.")))
    [d] = e.decisions  # the report is said with the proposal, as why, not decided
    assert d.text == ("I propose we call no highways witness of our own. (On highways, the"
                      " county engineer has now withdrawn his objection.)")


def test_options_laid_out_are_no_decision_but_an_ultimatum_is():
    e = extract(talk((0, "So, options. We claw it back next month, or we ask them to repay it now."),
                     (1, "Hmm.")))
    assert e.decisions == []
    e = extract(talk((0, "From July, a sample comes with a QC report attached, or we don't take it."),
                     (1, "Fair.")))
    assert len(e.decisions) == 1


def test_questions_nobody_can_answer_or_that_are_put_off_stay_open():
    cases = [
        [(0, "So who is covering the late shift on Sunday? Anybody know?"), (1, "No clue, I'm afraid.")],
        [(0, "Are the buses even running during the strike?"), (1, "Honestly, no one's told us a thing.")],
        [(0, "Is the hall insured for music events? Has anyone checked?"), (1, "No. Nobody has.")],
        [(0, "Which caterer are we booking?"), (1, "Let's decide the caterer on Friday.")],
        [(0, "Do we open the bar early?"), (1, "Let's settle that at next week's huddle.")],
        [(0, "And the roof repairs?"), (1, "Let's leave the roof for the spring meeting.")],
    ]
    for lines in cases:
        e = extract(talk(*lines))
        assert [q.start for q in e.questions] == [0], lines
        assert e.decisions == [], lines  # putting it off decides nothing
    wondering = extract(talk((0, "What I can't figure out is why the orders dropped in May.")))
    assert len(wondering.questions) == 1


def test_questions_answered_on_the_spot_are_not_open():
    for lines in ([(0, "Who has the keys to the shed?"), (1, "Tom has them.")],
                  [(0, "Is the hall free on the ninth?"), (1, "No, it's booked by the choir.")]):
        assert extract(talk(*lines)).questions == [], lines


def test_a_choice_concluded_in_a_few_words_and_minutes_taken_as_a_true_record():
    e = extract(talk((0, "Red or blue for the banners?"), (1, "Red."), (2, "Red, yeah."),
                     (0, "Red it is, then."), (1, "Could we go to two percent?"),
                     (0, "Okay, two percent, then, from May."), (0, "Okay, see you Monday then.")))
    assert [d.text for d in e.decisions] == ["Red it is, then. (Red or blue for the banners?)",
                                             "Two percent, then, from May."]
    record = extract(talk((0, "Then the minutes of the last meeting. Can I take them as a true record?"),
                          (1, "Yes."), (2, "Agreed.")))
    assert [d.text for d in record.decisions] == [
        "The minutes of the last meeting approved as a true record"]


def test_a_choice_named_in_a_word_is_decided_when_it_picks_up_what_was_just_discussed():
    e = extract(talk((0, "For the venue, the old mill has parking, but the barn is cheaper."),
                     (1, "Parking matters more."), (2, "Agreed."), (0, "Mill, then.")))
    assert [d.text for d in e.decisions] == ["Mill, then. (For the venue, the old mill has parking)"]
    agenda = extract(talk((0, "Then the minutes of the last meeting."), (1, "They're fine.")))
    assert agenda.decisions == []  # an agenda item announced, nothing chosen
    chair = extract(talk((0, "Sponge or fruit cake?"), (1, "Nobody eats fruit cake."),
                         (0, "Then lemon sponge, three tiers. Nobody objects? Good.")))
    assert [d.text for d in chair.decisions] == ["Lemon sponge, three tiers."]


def test_more_ways_of_giving_and_taking_a_task():
    e = extract(talk((0, "I'll let the caterer know tomorrow."),
                     (0, "Ben, could your team send the floor plans by Friday?"), (1, "Sure."),
                     (0, "Cleo, first thing Monday, the stock count."),
                     (0, "Dev, the back gate. Tonight, before you leave."),
                     (2, "My brother Tomas will fix the fence on Saturday."),
                     (0, "Can someone pick up the shallots tomorrow morning?"), (1, "I'll go.")),
                {0: "Ana", 1: "Ben", 2: "Cleo", 3: "Dev"})
    assert [(a.owner, a.text) for a in e.actions] == [
        ("Ana", "let the caterer know tomorrow"), ("Ben", "send the floor plans by Friday"),
        ("Cleo", "the stock count first thing Monday"), ("Dev", "the back gate tonight, before you leave"),
        ("Tomas", "fix the fence on Saturday"), ("Ben", "pick up the shallots tomorrow morning")]
    asked = extract(talk((0, "Ben, the report?"), (1, "Almost done.")))
    assert asked.actions == []  # asking after work is no new task


def test_votes_said_in_full_or_after_a_proposal_and_rules_from_a_date():
    e = extract(talk((0, "I propose we switch the club kit to green."), (1, "Any objections? No? Adopted."),
                     (1, "Raj, please email the supplier by Friday.")))
    assert [d.text for d in e.decisions][:1] == ["We switch the club kit to green (carried)"]
    full = extract(talk((0, "All in favour?"), (1, "Aye."),
                        (0, "The motion passes, and the car park closes on Sundays.")))
    assert [d.text for d in full.decisions] == ["The car park closes on Sundays"]
    rules = extract(talk((0, "From the first of June, deliveries come to the side door."),
                         (1, "We stay at nine pounds a ticket."), (2, "We make our own, and that's that.")))
    assert len(rules.decisions) == 3


def test_a_settled_marker_after_the_choice_and_meeting_talk_that_decides_nothing():
    e = extract(talk((0, "The red ones cost four pounds and the green ones seven."),
                     (1, "Okay, the red ones. That's final."), (2, "We leave that one open for now."),
                     (0, "Let's have a good service, everyone.")))
    assert [d.text for d in e.decisions] == [
        "The red ones. (The red ones cost four pounds and the green ones seven)"]


def test_more_answers_that_leave_a_question_open():
    cases = [
        [(0, "Does the permit cover weekends?"), (1, "Hm. I genuinely don't remember.")],
        [(0, "Will the landlord fix the boiler? Nobody there will say.")],
        [(0, "Will head office pay for it?"), (1, "I'll be honest, I doubt it.")],
        [(0, "What if the river floods again?"), (1, "Let's talk sandbags at the next meeting.")],
        [(0, "What do we do if nobody signs up?"), (1, "Good question. I'll sleep on it.")],
    ]
    for lines in cases:
        assert [q.start for q in extract(talk(*lines)).questions] == [0], lines
    cue = extract(talk((0, "The till crashes every Friday, and nobody has any idea why.")))
    assert len(cue.questions) == 1


def test_any_verb_asked_for_by_a_date_or_told_to_someone_by_name_is_a_task():
    e = extract(talk((1, "The sound cues are a mess after the cuts."),
                     (0, "Could you rebuild the cue list by Thursday? We open on Friday."),
                     (1, "Yes, I'll take that."),
                     (0, "Then open a case with the vendor today, please, Ben."), (1, "Leave it with me."),
                     (0, "Ben, you draft the apology letter to the passengers, today."),
                     (0, "Cleo, would you be willing to run the parent survey?"), (2, "Happy to.")),
                {0: "Ana", 1: "Ben", 2: "Cleo"})
    assert [(a.owner, a.text) for a in e.actions] == [
        ("Ben", "rebuild the cue list by Thursday"), ("Ben", "open a case with the vendor today"),
        ("Ben", "draft the apology letter to the passengers, today"), ("Cleo", "run the parent survey")]
    asked = extract(talk((0, "Eleanor, you read this one?"), (1, "I did.")))
    assert asked.actions == []  # asked whether it was done: no task


def test_a_pronoun_later_in_the_sentence_that_names_its_owner_and_a_fortnight():
    e = extract(talk((0, "Sorry, Dev's off today, but he's going to redo the footstep sounds"
                          " in a fortnight.")))
    assert [(a.owner, a.text, a.due) for a in e.actions] == [
        ("Dev", "redo the footstep sounds in a fortnight", "in a fortnight")]


def test_questions_someone_is_sent_to_find_out_or_that_wait_on_something_stay_open():
    cases = [
        [(0, "Why did the gas bill double? The supplier says nothing changed."),
         (1, "Rosa, could you ring them after lunch and ask for a breakdown?")],
        [(0, "One thing I still can't explain."), (0, "Why does the alarm go off at night?"), (1, "Right.")],
        [(0, "Who insures the loaned painting?"),
         (1, "That's one for the director. We'll have to leave it open.")],
        [(0, "Can we afford a bus this year?"),
         (1, "Depends entirely on the grant, and we won't hear until May.")],
        [(0, "And if the road isn't closed in time? What's the plan?"), (1, "I honestly don't have one.")],
        [(0, "Do the visitors still want ten rooms?"), (1, "Nobody's heard from them.")],
        [(0, "What about prices?"), (1, "Let's come back to prices in September.")],
        [(0, "Do we renew for three years or five?"), (1, "Let's decide at the autumn meeting.")],
        [(0, "Do we adopt the old kiosk?"), (1, "Let's hold that over to July.")],
    ]
    for lines in cases:
        e = extract(talk(*lines))
        assert len(e.questions) == 1, lines
        assert e.decisions == [], lines


def test_a_vote_called_unanimous_a_rule_from_a_day_and_a_choice_concluded_with_then():
    e = extract(talk((0, "I'm proposing we repaint the bus shelter."), (1, "All in favour?"),
                     (0, "That's unanimous. The shelter gets painted.")))
    assert [d.text for d in e.decisions] == ["The shelter gets painted (carried)"]
    rule = extract(talk((0, "After the scare last week, from Monday, every parcel gets weighed twice.")))
    assert len(rule.decisions) == 1
    then = extract(talk((0, "The Rutter or the Bach?"), (1, "Everyone loves the Rutter."),
                        (0, "We'll do the Rutter, then."), (0, "The meeting closes at nine.")))
    assert [d.text for d in then.decisions] == ["We'll do the Rutter, then. (The Rutter or the Bach?)"]


def test_tasks_told_in_the_future_to_someone_and_bare_due_days():
    e = extract(talk((0, "Sven, you'll email the winners their forms tonight."),
                     (1, "My wife Jenny's going to organise the raffle on Saturday."),
                     (0, "Ayesha, the returns cage by end of shift."),
                     (2, "I'll run the varnish session next Wednesday.")), {2: "Cleo"})
    assert [(a.owner, a.due) for a in e.actions] == [
        ("Sven", "tonight"), ("Jenny", "on Saturday"), ("Ayesha", "by end of shift"),
        ("Cleo", "next Wednesday")]


def test_passing_a_test_or_a_past_approval_is_no_vote():
    e = extract(talk((0, "The new build?"), (1, "It passes all the unit tests now."),
                     (2, "That was approved by the board last spring.")))
    assert e.decisions == []
    vote = extract(talk((0, "I propose we close the car park on Sundays."), (1, "All in favour?"),
                        (0, "Carried by six votes to two.")))
    assert [d.text for d in vote.decisions] == ["We close the car park on Sundays (carried)"]


def test_a_one_word_question_opening_an_answer_does_not_end_it():
    left = extract(talk((0, "Is the van booked for the Saturday run?"),
                        (1, "Honestly? No idea, the rental place never rang back.")))
    assert [q.start for q in left.questions] == [0]
    answered = extract(talk((0, "Is the van booked for the Saturday run?"),
                            (1, "Really? Yes, I booked it on Monday.")))
    assert answered.questions == []  # the interjection asks nothing, the yes answers


def test_sayings_of_not_knowing_leave_a_question_open():
    for reply in ("Your guess is as good as mine.", "Beats me, to be honest.",
                  "God knows, the supplier won't say.", "That's anybody's guess."):
        e = extract(talk((0, "Why does the boiler keep tripping at night?"), (1, reply)))
        assert [q.start for q in e.questions] == [0], reply
    known = extract(talk((0, "Why does the boiler keep tripping at night?"),
                         (1, "The thermostat's faulty, the engineer found it.")))
    assert known.questions == []


def test_not_knowing_a_way_to_tell_or_not_having_thought_leaves_a_question_open():
    for reply in ("No way of telling.", "I haven't a notion.", "I hadn't thought.",
                  "I keep going back and forth on that.", "Could be.", "There might be.",
                  "It might well."):
        e = extract(talk((0, "Is the leak coming from the flat above?"), (1, reply), (0, "Okay.")))
        assert [q.start for q in e.questions] == [0], reply
    for reply in ("No, it's the gutter.", "We could.", "Yes, the plumber found it."):
        e = extract(talk((0, "Is the leak coming from the flat above?"), (1, reply), (0, "Okay.")))
        assert e.questions == [], reply


def test_a_question_asked_back_then_not_answered_leaves_the_first_open():
    asked = ((0, "Could I do the welding course this summer?"), (1, "What's it cost?"),
             (0, "Two hundred. Three days."))
    e = extract(talk(*asked, (1, "I can't say yes today."), (0, "Fair enough.")))
    assert [q.text for q in e.questions] == ["Could I do the welding course this summer?"]
    assert extract(talk(*asked, (1, "Fine, book it."), (0, "Thanks."))).questions == []


def test_more_ways_of_not_answering_leave_a_question_open():
    for reply in ("I can't give you a date on that, sorry.", "Couldn't tell you, honestly.",
                  "Dunno. Somebody at the council will.", "Ask me again on Friday.",
                  "I can't answer that without the figures.", "No promises, the yard is full.",
                  "I'd rather not say until the survey's back.", "I don't really know.",
                  "They didn't say, and I forgot to ask.", "I won't know without a survey.",
                  "It depends, doesn't it? On the weight limit."):
        e = extract(talk((0, "Can the old bridge take a full coach?"), (1, reply), (0, "Okay.")))
        assert [q.start for q in e.questions] == [0], reply


def test_a_conclusion_put_to_the_room_and_confirmed_is_a_decision_stated_as_such():
    for asked, yes, decided in (
            ("Then we hold the raffle in the car park?", "Yep.", "We hold the raffle in the car park."),
            ("So the choir sings first and the band closes?", "Yeah.",
             "The choir sings first and the band closes.")):
        e = extract(talk((0, "The hall's double booked that evening."), (1, asked), (0, yes)))
        assert [d.text for d in e.decisions] == [decided], asked
    for asked, reply in (("So you're driving the minibus on Friday?", "Yes."),
                         ("So is the hall booked?", "Yes."),
                         ("Then we hold the raffle in the car park?", "No, it'll rain.")):
        e = extract(talk((0, "The hall's double booked that evening."), (1, asked), (0, reply)))
        assert e.decisions == [], asked


def test_more_ways_of_putting_a_decision_off_are_not_decisions():
    for said in ("We won't rule on it tonight.", "It comes back to the board once the survey's in.",
                 "We see what the landlord says on Monday.",
                 "We take the decision on the second van after Easter.",
                 "Let's sit down on Friday and sort it.", "Let's have a separate call on that."):
        e = extract(talk((0, "The second van costs more than we thought."), (1, said), (0, "Fine.")),
                    spotter=shared_spotter())
        assert e.decisions == [], said
    kept = extract(talk((0, "The second van costs more than we thought."),
                        (1, "Let's go with a hired one for the summer, and we see what the"
                            " landlord says on Monday."),
                        (0, "Fine.")), spotter=shared_spotter())
    assert [d.start for d in kept.decisions] == [4]  # what is settled stays with what is put off


def test_what_someone_is_told_to_go_ahead_with_is_a_decision():
    for put, go in (("I could switch the boiler to the winter timer from Monday.", "Do it."),
                    ("Two coaches, and the early one leaves at seven.", "Fine, go with that.")):
        e = extract(talk((0, "The hall's cold in the mornings."), (1, put), (0, go)))
        assert {d.start for d in e.decisions} == {4}, put  # two clauses, two decisions
    for put, reply in (("Is the boiler still on the summer timer?", "Do it later."),
                       ("Two coaches, and the early one leaves at seven.", "Do you think so?")):
        e = extract(talk((0, "The hall's cold in the mornings."), (1, put), (0, reply)))
        assert e.decisions == [], put


def test_a_goodbye_that_names_a_day_is_not_a_decision():
    for bye in ("Lovely. Speak Friday, then.", "Okay, talk to you on Monday, then.",
                "Great. Catch you tomorrow, then."):
        e = extract(talk((0, "Shall we hold the van for another week?"),
                         (1, "Let me ask my partner first. I'll ring you on Friday."), (0, bye)))
        assert e.decisions == [], bye
    booked = extract(talk((0, "Shall we hold the van for another week?"),
                          (1, "Let me ask my partner first."), (0, "Lovely. Book it for Friday, then.")))
    assert [d.start for d in booked.decisions] == [8]


def test_a_question_that_names_a_date_or_asks_what_we_think_is_wrong_can_be_left_open():
    for asked in ("And the skip on Friday, has anyone actually ordered it?",
                  "The auditors come on the ninth, but which rooms do they want?",
                  "What do we think is causing the damp?",
                  "So did anyone ever get an answer from the insurers?"):
        e = extract(talk((0, "Right, the church hall."), (1, asked), (0, "Nobody's told me."),
                         (1, "Okay. The boiler service is booked.")))
        assert [q.start for q in e.questions] == [4], asked
    for small in ("A first draft by next Wednesday?", "What do you all think?",
                  "Did anyone have anything else?"):
        e = extract(talk((0, "Right, the church hall."), (1, small), (0, "Not sure."),
                         (1, "Okay. The boiler service is booked.")))
        assert e.questions == [], small


def test_a_reply_that_says_the_answer_is_someone_elses_leaves_the_question_open():
    for reply in ("That's for the head, not us.", "It isn't ours to agree, sadly.",
                  "Nobody in the office could say.", "That one's for the governors to decide."):
        e = extract(talk((0, "Will the school lend us the minibus in June?"), (1, reply),
                         (0, "Okay. The raffle prizes are in.")))
        assert [q.start for q in e.questions] == [0], reply


def test_a_question_and_the_open_cue_after_it_are_one_item():
    e = extract(talk((0, "The fence is down again."),
                     (1, "And the fence? Everyone keeps asking who pays for mending it."),
                     (0, "Nobody at the council could say."), (1, "Okay. The raffle prizes are in.")))
    assert len(e.questions) == 1


def test_more_ways_of_saying_a_question_is_open():
    for said in ("Which raises the question of who insures the trailer.",
                 "That brings us to whether we renew the lease at all.",
                 "Then we must decide whether the fete moves indoors.",
                 "The pump failed again, and nobody at the depot can tell me why.",
                 "What nobody can tell us is when the grant money lands.",
                 "The thing I still don't know is the cost of the tow bar.",
                 "The bit we can't get past is where the leak starts.",
                 "What bothers me is whether the hitch is rated for it.",
                 "The one thing I can't tell you is what the insurer will make of it."):
        e = extract(talk((0, "The trailer's back from the garage."), (1, said), (0, "Hmm."),
                         (1, "Okay. The raffle prizes are in.")))
        assert [q.start for q in e.questions] == [4], said
    for said in ("That brings us to the budget.", "Nobody could tell me anything new.",
                 "The part I can't see is the point of it.", "What bothers me is the noise."):
        e = extract(talk((0, "The trailer's back from the garage."), (1, said), (0, "Hmm.")))
        assert e.questions == [], said


def test_a_question_someone_else_asked_is_open_unless_the_meeting_answers_it():
    for said in ("The caretaker asked whether we need the hall on Boxing Day.",
                 "Parents keep asking if the minibus runs in the holidays."):
        e = extract(talk((0, "Right, the bookings."), (1, said), (0, "No idea, honestly."),
                         (1, "Okay. The raffle prizes are in.")))
        assert [q.start for q in e.questions] == [4], said
        answered = extract(talk((0, "Right, the bookings."), (1, said),
                                (0, "No, it doesn't, the driver's off until January."),
                                (1, "Okay. The raffle prizes are in.")))
        assert answered.questions == [], said
    asked_on = extract(talk((0, "Right, the bookings."),
                            (1, "Residents keep asking about the late buses."),
                            (1, "Could they run till midnight on Fridays?"), (0, "Nobody's looked at it."),
                            (1, "Okay. The raffle prizes are in.")))
    assert [q.text for q in asked_on.questions] == [  # the question asked on it is the same one
        "Residents keep asking about the late buses. Could they run till midnight on Fridays?"]


def test_ask_me_later_puts_an_answer_off_and_is_no_task():
    for reply in ("Ask me on Friday.", "Ask me again after the audit.", "Ask me Wednesday, love."):
        e = extract(talk((0, "Right, the stockroom."), (1, "When does the new shelving arrive?"),
                         (0, reply), (1, "Okay. The tills next.")))
        assert e.actions == [], reply
        assert [q.start for q in e.questions] == [4], reply
    asked = extract(talk((0, "Who knows the supplier?"), (1, "Ask Maria on Monday, she ordered it.")))
    assert [a.text for a in asked.actions] == ["ask Maria on Monday"]


def test_help_offered_should_it_be_needed_is_no_task():
    for line in ("Ring me if you need more.", "Nadia, give me a call if you get stuck with the van.",
                 "So the cap is four hundred, and you text me if you need more."):
        e = extract(talk((0, "The stall did well this week."), (1, "It did, the tulips went."),
                         (0, line), (1, "Okay, thanks.")), {0: "Priya", 1: "Nadia"})
        assert e.actions == [], line
    told = extract(talk((0, "Nadia, lock the gate, and ring me if the lorry turns up."),
                        (1, "Will do."), (0, "Could you text me when the fitter's on his way?"),
                        (1, "Sure.")), {0: "Priya", 1: "Nadia"})
    assert {(a.owner, a.start) for a in told.actions} == {("Nadia", 0), ("Nadia", 8)}


def test_a_request_answered_yes_is_a_task_whatever_its_verb():
    e = extract(talk((0, "The weekend numbers look odd, the tablets are down."),
                     (1, "Can you split them by shop?"), (1, "That would show it."),
                     (2, "Sure. By Thursday?"), (1, "Thursday's fine.")),
                {0: "Ola", 1: "Ben", 2: "Mira"})
    assert [(a.owner, a.text.split(" (")[0]) for a in e.actions] == [("Mira", "split them by shop")]
    assert e.questions == []
    worked = extract(talk((0, "The members should hear about the sale."),
                          (1, "Can you write a piece for the newsletter?"), (2, "In a fortnight."),
                          (2, "Fine."), (0, "Good.")), {0: "Ola", 1: "Ben", 2: "Mira"})
    assert [a.owner for a in worked.actions] == ["Mira"]
    for asked, said in (("Can you see my screen?", "Yes."), ("Could you repeat that?", "Sure."),
                        ("Can you believe the price?", "Yes, mad."), ("Could you live with that?", "Yes.")):
        e = extract(talk((0, "Right, the tablets."), (1, asked), (2, said), (0, "Good.")),
                    {0: "Ola", 1: "Ben", 2: "Mira"})
        assert e.actions == [], asked


def test_a_task_just_taken_on_asked_again_with_a_date_is_one_task():
    e = extract(talk((0, "Who's our contact at the depot now?"), (1, "No idea. I'll find out."),
                     (2, "Could you find out before Friday? The van's booked Monday."),
                     (1, "I'll try.")), {0: "Ola", 1: "Ben", 2: "Mira"})
    [task] = e.actions
    assert (task.owner, task.due) == ("Ben", "before Friday")
    assert task.text.count("find out") == 1


def test_a_guess_asked_back_is_part_of_the_answer():
    for guess, then in (("October, possibly?", "Nothing's booked yet."),
                        ("Maybe the church hall?", "I honestly couldn't tell you."),
                        ("I'd assumed so?", "Nobody's ever said.")):
        e = extract(talk((0, "Is the harvest supper in the church hall again?"), (1, guess), (1, then),
                         (0, "Okay.")))
        assert [q.start for q in e.questions] == [0], guess
    settled = extract(talk((0, "Where does the harvest supper go this year?"),
                           (1, "The church hall, I think?"), (1, "It's free that Saturday, I booked it."),
                           (0, "Okay.")))
    assert settled.questions == []


def test_not_being_told_or_not_having_decided_whether_said_in_a_reply_is_the_open_question():
    for said in ("Nobody's ever told us whether the overtime counts.",
                 "We still haven't decided whether we're keeping the stall.",
                 "Why the boiler trips at night, is what I want to know."):
        e = extract(talk((0, "That's over the limit, isn't it?"), (1, "It's, um."), (1, said),
                         (0, "Right.")))
        assert [q.text for q in e.questions] == [said], said


def test_a_dunno_in_passing_or_a_new_question_in_the_answer_leaves_a_question_answered():
    e = extract(talk((0, "Who's got the keys to the shed?"),
                     (1, "Sam has. Nobody's used them since, I dunno, March.")))
    assert e.questions == []
    e = extract(talk((0, "And the price?"), (1, "I'll send the formal quote tomorrow."),
                     (0, "One point we haven't settled is whether the manual covers Wales."),
                     (0, "I can't give you an answer today.")))
    assert [q.text for q in e.questions] == [
        "One point we haven't settled is whether the manual covers Wales."]


def test_leave_as_time_off_puts_no_question_off():
    e = extract(talk((0, "Who covers reception while Dev is on paternity leave in May?"),
                     (1, "I don't know yet."), (0, "Okay.")))
    assert [q.start for q in e.questions] == [0]


def test_a_reply_that_has_not_heard_or_holds_the_question_over_leaves_it_open():
    for replies in (("I haven't heard either way.", "Tomi, would you remind the reps?"),
                    ("That's my bleep.", "Hold that thought."),
                    ("That is for another day.", "Thank you all."),
                    ("I want last year's bill in front of me before I answer that.",
                     "Gloria, can you dig it out?")):
        e = extract(talk((0, "Does the scaffold firm still want paying up front?"),
                         *((1, r) for r in replies), (0, "Okay.")))
        assert [q.start for q in e.questions] == [0], replies


def test_a_question_passed_to_another_body_or_meeting_stays_open_and_decides_nothing():
    for reply in ("That's not ours to decide. Let's put it to the trustees at the next meeting.",
                  "Let's decide that at the residents' meeting in June.",
                  "We'll take it to the board in September."):
        e = extract(talk((0, "Can the hall stay open late over Easter?"), (1, reply)))
        assert [q.start for q in e.questions] == [0], reply
        assert e.decisions == [], reply
    done = extract(talk((0, "Did the council approve the grant?"),
                        (1, "Yes, we put it to them in March and they said yes.")))
    assert done.questions == []  # told what happened, not passed on


def test_a_question_that_names_nothing_is_given_its_askers_words_around_it():
    e = extract(talk((0, "The youth club wants to share our minibus on Saturdays. Do we want that?"),
                     (1, "Let's see how the insurance works first.")))
    assert [q.text for q in e.questions] == [
        "Do we want that? (The youth club wants to share our minibus on Saturdays.)"]
    e = extract(talk((1, "The downstairs toilet is leaking again."),
                     (0, "Why is it still broken? We paid the plumber in June."), (2, "No idea.")))
    assert [q.text for q in e.questions] == [
        "Why is it still broken? We paid the plumber in June. (The downstairs toilet is leaking again.)"]
    named = extract(talk((1, "The downstairs toilet is leaking again."),
                         (0, "Who is calling the plumber back?"), (2, "No idea.")))
    assert [q.text for q in named.questions] == ["Who is calling the plumber back?"]  # says what


def test_a_thin_question_is_given_the_topic_its_asker_opened_with():
    for opening in ("And the minibus.", "Now, the minibus.", "As for the minibus."):
        e = extract(talk((1, "The raffle made two hundred pounds."),
                         (0, f"{opening} Are we keeping it?"), (1, "I honestly don't know.")))
        assert [q.text for q in e.questions] == [f"Are we keeping it? ({opening})"], opening
    e = extract(talk((1, "The raffle made two hundred pounds."),
                     (0, "Thanks, Bob. Are we keeping it?"), (1, "I honestly don't know.")))
    assert [q.text for q in e.questions] == [
        "Are we keeping it? (The raffle made two hundred pounds.)"]  # a thank-you is no topic


def test_an_open_question_said_as_a_statement_that_names_nothing_is_given_its_topic():
    e = extract(talk((1, "That's fair."), (0, "And the Vistra range."),
                     (0, "I'm not sure we keep it."), (1, "Shall we look at the numbers in October?")))
    assert [q.text for q in e.questions] == ["I'm not sure we keep it. (And the Vistra range.)"]


def test_a_question_of_bare_options_is_given_what_they_are_options_for():
    e = extract(talk((0, "Last thing, the fence stain for phase two."), (0, "Brown or grey?"),
                     (1, "No idea, the drawings don't say.")))
    assert [q.text for q in e.questions] == ["Brown or grey? (Last thing, the fence stain for phase two.)"]
    asked = extract(talk((0, "The pole came down in the storm."), (0, "Who pays for it, us or the farmer?"),
                         (1, "No idea.")))
    assert [q.text for q in asked.questions] == ["Who pays for it, us or the farmer?"]  # says what


def test_a_question_someone_asked_told_to_the_meeting_and_left_open():
    e = extract(talk((0, "Two parents keep asking whether the swimming gala runs again this year."),
                     (1, "Honestly, nobody knows until the pool reopens.")))
    assert [q.start for q in e.questions] == [0]
    told = extract(talk((0, "The inspector asked why the fire door was propped open."),
                        (1, "We can't really explain it."), (2, "Right, next item.")))
    assert [q.start for q in told.questions] == [0]
    answered = extract(talk((0, "The caretaker asked whether we need the hall on Friday, and we do."),
                            (1, "Good, that's sorted then."), (0, "Next, the raffle prizes.")))
    assert answered.questions == []
    asked_to = extract(talk((0, "She asked me to send the minutes round."), (1, "Fine.")))
    assert asked_to.questions == []  # a request reported, not a question


def test_a_question_said_inside_a_statement_is_open_but_a_topic_called_a_question_is_not():
    for line in ("What none of us understands is why the grant was cut in half.",
                 "The bigger question is who signed the delivery note.",
                 "The tiles cracked again, and the fitter still can't tell us why."):
        e = extract(talk((0, line), (1, "Right, moving on to the rota.")))
        assert [q.start for q in e.questions] == [0], line
    topic = extract(talk((0, "The big question is the new kitchen."),
                         (1, "We've had three quotes, all over budget.")))
    assert topic.questions == []  # a topic announced, no question asked


def test_a_decision_on_it_names_what_it_is_from_the_topic_or_the_offer_before_it():
    topic = extract(talk((0, "And the old van."), (1, "The mechanic said no."),
                         (2, "Not worth fixing, apparently."), (0, "Then we sell it.")))
    assert [d.text for d in topic.decisions] == ["The old van: We sell it."]  # not "The mechanic said"
    offer = extract(talk((1, "The council have offered us a second stall."), (0, "We'll take it.")))
    assert [d.text for d in offer.decisions] == [
        "We'll take it. (The council have offered us a second stall.)"]
    asked = extract(talk((1, "Should we keep the second stall?"), (0, "We'll take it.")))
    assert [d.text for d in asked.decisions] == ["We'll take it. (Should we keep the second stall?)"]
    named = extract(talk((1, "The hall has two dates left."), (0, "Sunday it is.")))
    assert [d.text for d in named.decisions] == ["Sunday it is. (The hall has two dates left.)"]


def test_a_topic_said_with_a_stumble_still_names_what_a_decision_on_it_decides():
    e = extract(talk((0, "And the, um, newsletter quiz."), (1, "Nobody enters it."),
                     (2, "Hardly anyone."), (0, "Then we drop it.")))
    assert [d.text for d in e.decisions] == ["The newsletter quiz: We drop it."]


def test_a_choice_names_the_options_it_picked_from_not_the_nod_asked_for_after_them():
    e = extract(talk((0, "The mill or the boathouse, for the flood scene?"),
                     (1, "I loved the light at the boathouse."), (2, "Can we live with the mill?"),
                     (1, "Yeah, fine. The mill, then.")))
    assert [d.text for d in e.decisions] == [
        "The mill, then. (The mill or the boathouse, for the flood scene?)"]


def test_a_choice_keeps_the_other_option_its_context_was_weighed_against():
    e = extract(talk((0, "The worktops next."), (0, "Laminate is cheaper."),
                     (0, "Oak lasts longer, and it looks warmer."), (1, "I don't mind, honestly."),
                     (2, "Oak it is.")))
    assert [d.text for d in e.decisions] == [
        "Oak it is. (Laminate is cheaper. Oak lasts longer, and it looks warmer)"]


def test_a_value_proposed_and_said_back_is_decided():
    proposed = "Shall we say the twelfth of May for entries?"
    for reply in ("The twelfth.", "Fine by me. The twelfth."):
        e = extract(talk((0, "The entries for the show."), (1, proposed), (2, reply),
                         (0, "Good, next the judges.")))
        assert [d.start for d in e.decisions] == [4], reply
    for reply in ("The twelfth? That's far too soon.", "No, not the twelfth."):
        e = extract(talk((0, "The entries for the show."), (1, proposed), (2, reply),
                         (0, "Good, next the judges.")))
        assert e.decisions == [], reply


def test_thinking_it_over_holding_items_over_and_keeping_to_the_agenda_decide_nothing():
    for lines in [((0, "Should we move the fair to May?"), (1, "Let's all think on it.")),
                  ((0, "Two applicants are still missing references."),
                   (1, "Agreed, we hold those two over to the next panel.")),
                  ((0, "Kettle's on, let's just, let's get going."), (1, "Morning.")),
                  ((0, "What about the car park?"),
                   (1, "A fair point, but let's keep to the budget today."))]:
        assert extract(talk(*lines)).decisions == [], lines
    kept = extract(talk((0, "Blue or green for the kit?"), (1, "Let's just go with the blue one.")))
    assert len(kept.decisions) == 1


def test_a_task_that_names_one_thing_keeps_what_was_said_before_it():
    e = extract(talk((0, "Saturday story time needs a poster."), (1, "I'll do the poster.")))
    assert [a.text for a in e.actions] == ["do the poster (Saturday story time needs a poster.)"]
    asked = extract(talk((0, "Does anyone know the ratios for the toddler room?"),
                         (1, "The health visitor would know."), (2, "I'll ask her.")))
    assert [a.text for a in asked.actions] == [  # the open question says best what to ask
        "ask her – does anyone know the ratios for the toddler room?"]
    officer = extract(talk((0, "Can I just ask, am I still on the cliff team?"),
                           (1, "That one's the area officer's, not mine. I'll ask him then.")))
    assert [a.text for a in officer.actions] == [  # "ask" asked in both is no shared topic
        "ask the area officer then – can I just ask, am I still on the cliff team?"]


def test_a_decision_in_a_few_words_keeps_what_its_exchange_said_most_when_nothing_else_tells():
    e = extract(talk((0, "The sourdough sold out by ten every day last week."), (1, "Every day?"),
                     (0, "Every day."), (2, "Then we bake more.")))
    assert [d.text for d in e.decisions] == [
        "We bake more. (The sourdough sold out by ten every day last week.)"]
    bare = extract(talk((0, "Morning."), (1, "Hi."), (2, "Then we bake more.")))
    assert [d.text for d in bare.decisions] == ["We bake more."]  # greetings say nothing


def test_a_task_on_them_keeps_what_its_exchange_said_most_when_the_line_before_says_nothing():
    e = extract(talk((0, "The coach party guests need drink vouchers while their rooms are cleaned."),
                     (1, "Ugh."), (2, "Fine."), (1, "I'll print them tomorrow.")),
                {0: "Ana", 1: "Sian", 2: "Bo"})
    assert [(a.owner, a.text) for a in e.actions] == [("Sian", "print them tomorrow (The coach party"
                                                       " guests need drink vouchers while their"
                                                       " rooms are cleaned.)")]
    bare = extract(talk((0, "Morning all."), (1, "I'll print them tomorrow.")), {0: "Ana", 1: "Sian"})
    assert [a.text for a in bare.actions] == ["print them tomorrow"]


def test_a_choice_closed_in_a_word_keeps_what_its_speaker_spells_out_after_it():
    e = extract(talk((0, "Mornings or evenings for the clinic?"), (1, "Evenings suit the farmers."),
                     (0, "Evenings it is. Wednesdays and Thursdays, from the fourth."),
                     (1, "I'll tell the surgery.")))
    assert [d.text for d in e.decisions] == [
        "Evenings it is. Wednesdays and Thursdays, from the fourth."]
    order = extract(talk((0, "Do we keep the old printer?"), (1, "It jams daily."),
                         (0, "Then we bin it. Ravi, order a new one by Friday.")))
    assert all("Ravi" not in d.text for d in order.decisions)  # an order is no detail of it
    ended = extract(talk((0, "Then the quiz moves. Thanks, everyone.")))
    assert [d.text for d in ended.decisions] == ["The quiz moves."]


def test_a_decision_is_quoted_with_what_its_speaker_says_around_it_to_explain_it():
    proposal = extract(talk((0, "We're out of shelf space again. I propose every title older than"
                                " five years goes to the stack. We keep the new stock on the"
                                " floor."), (1, "Agreed.")))
    [d] = proposal.decisions
    assert d.text == ("I propose every title older than five years goes to the stack. (We're out"
                      " of shelf space again. We keep the new stock on the floor.)")
    spelled = extract(talk((0, "Is the hall worth the money?"), (1, "Not really."),
                           (0, "Then we drop the hall. We book the library room instead, it"
                               " seats forty. Next item, the raffle.")))
    [d] = spelled.decisions
    assert "library room" in d.text and "raffle" not in d.text
    ordered = extract(talk((0, "Then we drop the hall. Priya, cancel the booking by Friday."),
                           (1, "Will do.")))
    assert all("Priya" not in d.text for d in ordered.decisions)  # a task is no detail of it
    asked = extract(talk((0, "Then we drop the hall. Who tells the caretaker?"), (1, "Me.")))
    assert all("caretaker" not in d.text for d in asked.decisions)


def test_a_choice_closed_in_a_word_names_the_question_or_proposal_it_settles():
    asked = extract(talk((0, "So, the staff party."), (1, "Bowling or karaoke?"),
                         (2, "Bowling, no question."), (3, "Fine by me."), (0, "Bowling it is.")))
    assert [d.text for d in asked.decisions] == ["The staff party: Bowling it is. (Bowling or karaoke?)"]
    proposal = extract(talk((0, "What cap should we set?"), (1, "Fifty pounds a head, drinks included."),
                            (2, "Agreed."), (0, "Okay, we'll go with that.")))
    [d] = proposal.decisions
    assert "Fifty pounds a head" in d.text  # past the "Agreed." to what it agreed to
    chair = extract(talk((0, "Right, the newsletter."), (1, "And the printer."),
                         (2, "Email or paper?"), (0, "Email it is.")))
    assert [d.text for d in chair.decisions] == ["The newsletter: Email it is. (Email or paper?)"]


def test_a_restriction_until_something_happens_is_a_decision_but_a_state_of_others_is_not():
    for line in ("Right, the loading bay stays shut until the door's been repaired.",
                 "Until the boiler's serviced, no showers in the changing rooms.",
                 "Nobody drives the minibus till the brakes are checked.",
                 "Then lane two is out of use until the lifeguard's back."):
        assert len(extract(talk((0, line))).decisions) == 1, line
    for line in ("The bank would know, but they're closed until Monday.",
                 "Nobody told me until this morning.",
                 "Nobody can tell us until the surveyor reports.",
                 "The road was closed until noon yesterday."):
        assert extract(talk((0, line))).decisions == [], line


def test_a_plan_said_in_the_present_for_a_time_to_come_is_a_decision_but_a_meeting_or_habit_is_not():
    for line in ("Right. We repaint the hall next week and reopen it after.",
                 "Okay, we switch suppliers from Monday.",
                 "We send the survey out tomorrow, to every member."):
        assert len(extract(talk((0, line))).decisions) == 1, line
    for line in ("We meet again next week.", "We get the results on Monday.",
                 "We usually close early on Friday.", "We talked about it yesterday."):
        assert extract(talk((0, line))).decisions == [], line


def test_proposals_said_as_a_thought_or_a_what_if_and_agreed_are_decisions():
    thought = extract(talk((0, "I was thinking, like, the late shift finishes at ten instead of eleven."),
                           (1, "Yeah, yeah, fine."), (2, "Fine by me.")))
    assert [d.start for d in thought.decisions] == [0]
    what_if = extract(talk((2, "So, what if, um, lockers get emptied every Sunday night?"),
                           (0, "Um. Is everyone okay with that?"), (1, "Yep."), (3, "Yeah, fair.")))
    assert [d.start for d in what_if.decisions] == [0]
    for lines in ([(0, "I was thinking about the budget."), (1, "Yeah, yeah, fine.")],
                  [(0, "I was thinking, like, the late shift finishes at ten."), (1, "Hmm, not sure.")],
                  [(0, "What if it rains on the day?"), (1, "Good question.")]):
        assert extract(talk(*lines)).decisions == [], lines


def test_a_conclusion_asked_of_the_room_and_agreed_is_one_decision():
    e = extract(talk((0, "So the small hall for now, and we come back to the big one later?"),
                     (1, "Yeah, fine."), (2, "Fine.")))
    assert [d.text for d in e.decisions] == [  # what is put off stays with what is decided
        "The small hall for now, and we come back to the big one later."]
    two = extract(talk((0, "So the small hall for now, and the choir books the big one in May?"),
                       (1, "Yeah, fine.")))
    assert [d.text for d in two.decisions] == ["The small hall for now",
                                               "The choir books the big one in May."]
    for lines in ([(0, "So is the hall free on Friday?"), (1, "Yes.")],
                  [(0, "So we're all here, right?"), (1, "Yes, fine.")],
                  [(0, "So the small hall for now?"), (1, "No, it's far too small.")]):
        assert extract(talk(*lines)).decisions == [], lines


def test_a_conclusion_about_things_in_the_plural_is_a_decision():
    for line in ("Then the rehearsals move to Wednesdays from May.",
                 "So Friday's orders go out on Thursday instead.",
                 "Okay, so they stay at ten pounds a head."):
        assert len(extract(talk((0, line))).decisions) == 1, line
    for line in ("So the results come in next week.", "So the kids go back on Monday?"):
        assert extract(talk((0, line))).decisions == [], line


def test_a_fact_said_after_then_is_no_decision():
    assert extract(talk((0, "Then the buses go past the hall."))).decisions == []


def test_a_task_said_just_before_a_question_is_not_its_context():
    e = extract(talk((1, "I'll send the poster to the printers tonight."),
                     (0, "What about the raffle, then?"), (2, "No idea yet.")))
    assert [q.text for q in e.questions] == ["What about the raffle, then?"]


def test_offers_and_questions_that_answer_themselves_are_not_open():
    for line in ("Right, who wants another coffee?", "Anyone for tea?",
                 "Who else would lend us a hall for free?", "Who's paying for the taxis, anyway?"):
        e = extract(talk((1, "That's it for today."), (0, line)))
        assert e.questions == [], line
    still = extract(talk((1, "That's it for today."), (0, "Who is paying for the taxis?")))
    assert [q.start for q in still.questions] == [4]  # asked last, nobody answers


def test_a_name_said_with_where_they_work_first_is_an_owner():
    e = extract(talk((1, "I'll ask payroll about the overtime. "
                         "Bogdan in payroll will send the sheets round by Friday.")))
    owners = {a.owner: a.text for a in e.actions}
    assert owners.get("Bogdan") == "send the sheets round by Friday"
    plain = extract(talk((1, "Everything in the shed will need sorting by spring.")))
    assert "Everything" not in {a.owner for a in plain.actions}


def test_a_task_named_as_the_condition_of_an_offer_is_a_call_the_next_speaker_can_take():
    e = extract(talk((0, "I can drive the van to the fair, if somebody loads the stall first."),
                     (1, "I'll load it. I'll do it on Friday evening.")), {0: "Rosa", 1: "Tom"})
    assert {(a.owner, a.text.split(" – ")[0]) for a in e.actions} == {
        ("Rosa", "drive the van to the fair"), ("Tom", "load the stall")}
    nothing = extract(talk((0, "I'd happily go to the fair, if anyone asks me.")), {0: "Rosa"})
    assert [a.owner for a in nothing.actions] in ([], ["Rosa"])  # no call: asking is no task
    assert all("ask" not in a.text for a in nothing.actions)


def _owned_tasks(people, *lines):
    """(owner, task) of each action item, without the talk quoted after it."""
    return [(a.owner, a.text.split(" (")[0]) for a in extract(talk(*lines), people).actions]


def test_an_instruction_for_now_in_reply_to_someone_is_theirs():
    people = {0: "Arjun", 1: "Yetunde", 2: "Keeley"}

    tasks = partial(_owned_tasks, people)

    assert tasks((0, "Seven froze twice last Saturday, so I've rebuilt it."),
                 (1, "Mark it out of service now, we've got the room."),
                 (2, "The ten o'clock is here.")) == [("Arjun", "mark it out of service now")]
    assert tasks((0, "The printer on the second floor jammed again."),
                 (1, "Report it to facilities today, please."), (2, "Doors in five.")) == [
        ("Arjun", "report it to facilities today")]
    assert tasks((0, "The part's two days away if I order it now."), (1, "Order it now."),
                 (2, "Right, the rota.")) == [("Arjun", "order the part now")]
    assert tasks((0, "I'd have to ask the access control people."), (1, "Ask them, please."),
                 (2, "Doors in five.")) == [("Arjun", "ask the access control people")]
    # not when it answers a question (a choice), nor when it says no when
    assert tasks((0, "Shall we send the lorry short or wait?"), (1, "Send it short now."),
                 (2, "Fine.")) == []
    assert tasks((0, "Seven froze twice last Saturday."), (1, "Mark it out of service."),
                 (2, "The ten o'clock is here.")) == []
    assert tasks((0, "The alarm panel is beeping again."), (1, "Log it."), (2, "Right.")) == []


def test_a_promise_taken_back_at_once_is_no_task_but_what_is_said_instead_is():
    people = {0: "Marek", 1: "Kofi"}

    def tasks(*lines):
        return [task for _, task in _owned_tasks(people, *lines)]

    assert tasks((0, "The agent never picks up."),
                 (1, "I'll email her. Actually, no, I'll ring. I'll ring her tomorrow at lunch."),
                 (0, "Thanks.")) == ["ring her tomorrow at lunch"]
    assert tasks((1, "I'll send you the minibus firm's number. Actually, no."), (0, "Go on.")) == []
    assert tasks((1, "I'll text the suppliers. Wait, no, I'll email them."), (0, "Fine.")) == [
        "email them"]
    # a day said again is no promise taken back
    assert tasks((1, "I'll do the rota on Monday. Actually, no, Tuesday."), (0, "Fine.")) == [
        "do the rota on Monday"]


def test_a_task_given_to_someone_by_name_in_the_present_progressive():
    e = extract(talk((0, "Priya, you're running the raffle stall on Saturday."), (1, "Got it.")),
                {0: "Hannah", 1: "Priya"})
    assert [(a.owner, a.text) for a in e.actions] == [("Priya", "run the raffle stall on Saturday")]
    for line in ("Priya, you're looking tired.", "Priya, you're joking."):
        assert extract(talk((0, line), (1, "Ha.")), {0: "Hannah", 1: "Priya"}).actions == [], line


def test_a_task_that_names_nothing_is_given_what_was_said_before_it():
    e = extract(talk((0, "So the cheaper of the two quotes for now."),
                     (1, "I'll book them in. They can start in a fortnight.")), {0: "Gwen", 1: "Barry"})
    assert [a.text for a in e.actions] == ["book them in (So the cheaper of the two quotes for now.)"]
    said = extract(talk((0, "The hall heating is broken again."), (1, "I'll chase it.")),
                   {0: "Gwen", 1: "Barry"})
    assert [a.text for a in said.actions] == ["chase the hall heating"]  # resolved: no context


def test_him_or_her_in_a_task_is_the_person_the_talk_just_named_by_title_or_role():
    people = {0: "Gwen", 1: "Barry", 2: "Oona"}

    tasks = partial(_owned_tasks, people)

    titled = extract(talk((0, "Mrs Ashby rang in tears about the reminder letter."),
                          (1, "That was our mistake, not hers."), (0, "Barry, write to her, please.")),
                     people)
    assert [(a.owner, a.text) for a in titled.actions] == [
        ("Barry", "write to Mrs Ashby (Mrs Ashby rang in tears about the reminder letter.)")]
    assert tasks((0, "The delivery's at ten, but the lane at the back is dug up."),
                 (1, "Your driver can use the front."), (0, "I'll let him know.")) == [
        ("Gwen", "let the driver know")]
    # a bare name may be a place or a firm, and "Mr Pell" is no "her": the task stays as said
    assert tasks((0, "The offer went to Sunita on Friday."), (2, "She liked the team."),
                 (1, "I'll call her tomorrow.")) == [("Barry", "call her tomorrow")]
    assert tasks((0, "Mr Pell wants a word about the rota."), (2, "It was Gwen who did it."),
                 (1, "I'll ring her tonight.")) == [("Barry", "ring her tonight")]


def test_a_vote_on_a_proposal_said_informally_carries_the_proposal_not_the_show_of_hands():
    e = extract(talk((1, "We're short again this year."),
                     (1, "I'm proposing the hall hire goes up from twelve to fifteen pounds an hour."),
                     (2, "Didn't we raise it in the spring?"), (1, "No, we froze it."),
                     (1, "That's the problem."),
                     (0, "Right."), (0, "Show of hands for fifteen."), (0, "Six."), (0, "Against?"),
                     (0, "None."), (0, "Carried.")))
    assert [d.text for d in e.decisions] == [
        "The hall hire goes up from twelve to fifteen pounds an hour (carried)"]


def test_decisions_announced_as_made_listed_after_agreed_and_rules_from_now():
    for lines, said in [
        ([(0, "The March invoice is still open."), (1, "Decision made: we accrue it in April.")],
         "accrue it in April"),
        ([(0, "Where do the new starters sit?"), (1, "Settled. Sales upstairs, finance downstairs.")],
         "Sales upstairs, finance downstairs"),
        ([(0, "Okay, agreed, the canteen, second Tuesday, noon.")], "the canteen, second Tuesday"),
        ([(0, "From this season on, no match starts without a first aider.")], "no match starts"),
        ([(0, "Until the survey's back, we use the side entrance only.")], "side entrance"),
        ([(0, "Mark it down: no speeches at the dinner.")], "no speeches"),
        ([(0, "Nobody books the van for more than a day. That's the rule from now on.")],
         "Nobody books the van"),
        ([(0, "If you miss the slot, you go to the back of the list."),
          (1, "Yes. That's the rule from today.")],
         "go to the back of the list")]:
        e = extract(talk(*lines))
        assert [said in d.text for d in e.decisions] == [True], (lines, e.decisions)
    for line in ["We had a rule, from last year on, that nobody parks there.",
                 "Settled? Not yet.", "Agreed, but let's check the cost first."]:
        assert extract(talk((0, line))).decisions == [], line


def test_a_thin_question_takes_the_topic_its_asker_put_as_a_question_just_before():
    e = extract(talk((0, "And the spare chairs? We have forty. Where do they go?"),
                     (1, "No idea, honestly."), (2, "Let's move on.")))
    assert [q.text for q in e.questions] == ["Where do they go? (And the spare chairs?)"]


def test_put_off_procedure_and_others_decisions_are_no_decisions():
    for line in ["Let's park the signage till the spring.", "Let's defer that to the June meeting.",
                 "Let's sleep on it and talk Friday.", "Let's put that to the whole group first.",
                 "Let's leave that for October.", "Let's leave it to the next meeting.",
                 "We'll sort the parking out later, I'm done in.", "Let's talk again after lunch.",
                 "Let's put it to a vote.", "Let's get back to the budget.", "Let's dance.",
                 "Let's make this quick, the room is booked at four.",
                 "The board's decided the café closes at three now.",
                 "Marta already decided the shop opens in May, so that's that.",
                 "We agreed at the start, nobody works past six."]:
        assert extract(talk((0, line))).decisions == [], line
    kept = extract(talk((0, "Who clears the fly-tipping?"), (1, "We'll leave it to the council.")))
    assert len(kept.decisions) == 1  # handing it to someone is a decision


def test_an_offer_turned_down_and_what_is_done_in_the_meeting_are_no_actions():
    for lines in [[(0, "I can drop the chairs off on Friday, if you want?"),
                   (1, "Nah, the hall has plenty.")],
                  [(0, "I could print the agendas."), (1, "Thanks, but we've gone paperless.")],
                  [(0, "I can lend you my ladder, Sam."), (1, "Cheers, Jo, I've got one.")],
                  [(0, "Dee, can you share your screen?"), (1, "Sure, one sec.")],
                  [(0, "Ola, take us through the figures."), (1, "Okay.")],
                  [(0, "I'll level with you, the numbers are bad.")],
                  [(0, "That was my call. I'll own that.")],
                  [(0, "I'll keep at it.")], [(0, "I went last time, I'll sit this one out.")]]:
        assert extract(talk(*lines), {0: "Jo", 1: "Sam"}).actions == [], lines
    kept = extract(talk((0, "I can drop the chairs off on Friday."), (1, "Great, thanks.")),
                   {0: "Jo", 1: "Sam"})
    assert [(a.owner, a.text) for a in kept.actions] == [("Jo", "drop the chairs off on Friday")]


def test_a_matter_sent_on_to_a_later_meeting_is_put_off_not_decided():
    e = extract(talk((2, "We can't afford both this year. The nursery's the big one."),
                     (0, "Summer staffing goes to the April review."),
                     (1, "Then the nursery goes to the May meeting."), (2, "Fine."),
                     (0, "It's on September's agenda and it stays there."),
                     (1, "Then it lies on the table until April.")))
    assert e.decisions == []
    kept = extract(talk((0, "Fine, then we cap travel at forty thousand."), (1, "Agreed.")))
    assert len(kept.decisions) == 1


def test_sayings_and_minuting_promise_no_work():
    for line in ["The care home's next, and I'll eat my hat if that goes smoothly.",
                 "I'll hold you to that, Theo.", "Diesel and worse, I'll give you that.",
                 "I won't hold my breath.", "Right, I'll leave you to it.",
                 "I'll minute that as unanimous.", "Put that in the minutes, please."]:
        assert extract(talk((0, line), (1, "Ha.")), {0: "Jo", 1: "Sam"}).actions == [], line
    kept = extract(talk((0, "I'll give you that file tomorrow."), (1, "Thanks.")), {0: "Jo", 1: "Sam"})
    assert [a.text for a in kept.actions] == ["give you that file tomorrow"]


def test_a_reversal_a_conditional_outcome_and_a_choice_closed_with_done():
    for lines, said in [
        ([(0, "We buy the new kettle."), (0, "Actually, scrap that. We keep the old one till it breaks.")],
         "keep the old one"),
        ([(0, "If the van's not back by six, the stock waits for Monday.")], "the stock waits"),
        ([(0, "Otherwise the quiz moves to the back room.")], "quiz moves"),
        ([(0, "Does the printer stay?"), (1, "Then it stays in the hall.")], "stays in the hall"),
        ([(0, "Right, we're launching Beta tonight.")], "launching Beta"),
        ([(0, "Where do the bikes go?"), (1, "Under the stairs, done.")], "Under the stairs"),
        ([(0, "It's a yes to the boat trip.")], "boat trip")]:
        e = extract(talk(*lines))
        assert any(said in d.text for d in e.decisions), (lines, e.decisions)
    for line in ["If you look closely, the numbers go up in May.", "We keep getting complaints.",
                 "I've done it, done."]:
        assert extract(talk((0, line))).decisions == [], line


def test_a_question_nobody_takes_on_stays_open_unless_someone_then_does():
    names = {0: "Ann", 1: "Bo", 2: "Cy"}
    left = extract(talk((0, "Who's doing the raffle this year?"), (1, "Not me, I'm away."),
                        (2, "Don't look at me."), (0, "Right. Next, the car park.")), names)
    assert [q.text for q in left.questions] == ["Who's doing the raffle this year?"]
    taken = extract(talk((0, "Who's doing the raffle this year?"), (1, "Not me, I'm away."),
                         (2, "Fine, I'll do it."), (0, "Right. Next, the car park.")), names)
    assert taken.questions == [] and [a.owner for a in taken.actions] == ["Cy"]
    for reply in ["We'll have to find someone.", "Nobody's offered yet.", "That'll need its own meeting."]:
        e = extract(talk((0, "Who's running the bar at the fete?"), (1, reply), (0, "Next item.")), names)
        assert len(e.questions) == 1, reply


def test_a_task_put_as_a_question_in_the_future_is_asked_of_the_one_named():
    e = extract(talk((0, "Tariq, you'll send the signed lease back by Friday?"), (1, "Will do.")),
                {0: "Ann", 1: "Tariq"})
    assert [(a.owner, a.text) for a in e.actions] == [("Tariq", "send the signed lease back by Friday")]
    assert e.questions == []
    asked = extract(talk((0, "Tariq, you read the lease?"), (1, "Yes, twice.")), {0: "Ann", 1: "Tariq"})
    assert asked.actions == []  # asked whether it was done: no task


def test_one_sentence_handing_out_two_tasks_gives_two_items():
    e = extract(talk((0, "Hi all."),
                     (0, "Marek, please print the seating plans by Tuesday, and I'll phone the"
                         " caterers myself."),
                     (1, "Sure."),
                     (0, "Ines, check the fire exits, and order the extra chairs for the hall."),
                     (2, "Will do.")), {0: "Dana", 1: "Marek", 2: "Ines"})
    assert sorted((a.owner, a.text) for a in e.actions) == [
        ("Dana", "phone the caterers myself"), ("Ines", "check the fire exits"),
        ("Ines", "order the extra chairs for the hall"),
        ("Marek", "print the seating plans by Tuesday")]


def test_and_before_a_word_that_starts_no_task_does_not_cut_a_sentence():
    e = extract(talk((0, "Tariq, please send the quote, and I can't promise more than that."),
                     (0, "We'll stick with the old van this year, and look again in spring.")),
                {0: "Dana"})
    [item] = e.actions  # no promise of Dana's, no task "look again in spring"
    assert item.owner == "Tariq" and item.text.startswith("send the quote")


def test_holding_a_thought_leaving_a_point_and_deciding_later_decide_nothing():
    for lines in [((0, "Do we renew the van lease or buy one outright?"), (1, "Let's hold that thought.")),
                  ((0, "The hall wants an answer on the Christmas booking."), (1, "Let's leave that one.")),
                  ((0, "Both caterers quote in March."), (1, "We'll see both menus and decide then.")),
                  ((0, "The rota for the summer?"), (1, "Park it, we'll deal with that in the debrief.")),
                  ((0, "Do we keep the late opening?"), (1, "That one waits until Priya is back.")),
                  ((0, "So the open question is the venue, the barn or the school hall."), (1, "Mm.")),
                  ((0, "Right, we close the meeting there."), (1, "Let's stop there for today.")),
                  ((0, "Ten minutes on the budget, then we vote."), (1, "Fine.")),
                  ((0, "Okay, we now turn to the treasurer's report."), (1, "Thank you.")),
                  ((0, "We take a ten-minute break and come back at three."), (1, "Good."))]:
        assert extract(talk(*lines)).decisions == [], lines
    for lines in [((0, "Blue or green for the kit?"), (1, "Let's leave it blue, then.")),
                  ((0, "The ads cost too much."), (1, "We'll take a short break from advertising."),
                   (0, "Agreed.")),
                  ((0, "The old supplier is late again."),
                   (1, "So we move on to the new supplier from April."), (0, "Agreed.")),
                  ((0, "Where do the spare chairs go?"), (1, "Let's leave the chairs in the meeting room.")),
                  ((0, "Where do we train in winter?"),
                   (1, "Okay, we meet at the park instead of the hall.")),
                  ((0, "Which logo?"), (1, "We go with the blue one, then we talk about the budget."))]:
        assert len(extract(talk(*lines)).decisions) == 1, lines


def test_i_would_ask_you_to_is_a_request_to_the_one_addressed():
    e = extract(talk((0, "The night flights are the worst of it."),
                     (1, "Adele, I'd ask you to raise the night flights with the airlines."),
                     (2, "I will.")))
    assert [(a.owner, a.text) for a in e.actions] == [
        ("Adele", "raise the night flights with the airlines")]
    assert e.decisions == []


def test_errands_told_to_someone_by_name_are_their_actions():
    for lines, owner, task in [
            (((0, "Nobody has the venue's floor plan."),
              (1, "Marta, you've got the old one from the fair, send it to Kim tomorrow."), (0, "Yep.")),
             "Marta", "send it to Kim tomorrow"),
            (((0, "The beams look tired."), (1, "Joel, go and see the engineer before Friday."),
              (0, "Okay.")), "Joel", "go and see the engineer before Friday"),
            (((0, "Parents keep ringing the office."),
              (1, "Bea, tell them the trip is off and the money comes back."), (0, "Will do.")),
             "Bea", "tell them the trip is off and the money comes back"),
            (((0, "Who's on the stall?"), (1, "Tariq, you'll do the raffle?"), (0, "Yes.")),
             "Tariq", "do the raffle"),
            (((0, "And the van?"), (1, "Nell, you're doing the van run? Saturday?"), (0, "Yeah.")),
             "Nell", "do the van run"),
            (((0, "The surveyors want the map."), (1, "My office will publish the new map by Friday.")),
             "Speaker 2", "publish the new map by Friday")]:
        e = extract(talk(*lines))
        assert [(a.owner, a.text.split(" (")[0]) for a in e.actions] == [(owner, task)], lines
    for lines in [((0, "Jean has a guest."), (1, "Paul, tell her about Sundays.")),
                  ((0, "From Monday we close at eight."), (1, "I'll be honest, my team will hate that.")),
                  ((0, "Long day."), (1, "Paul, you okay to drive home?")),
                  ((0, "Long day."), (1, "Paul, go and get a coffee.")),
                  ((0, "The new office is ready."), (1, "Paul, you'll have the keys by Friday.")),
                  ((0, "The report is out."), (1, "Everyone read the report?")),
                  ((0, "The motion is on screen."), (1, "Everyone put your hands up if you're in favour.")),
                  ((0, "That's me done."), (1, "Paul, the floor's yours.")),
                  ((0, "Any news?"), (1, "Paul, tell Jean what you told me."))]:
        assert extract(talk(*lines)).actions == [], lines


def test_answers_that_put_a_question_off_leave_it_open():
    for reply in ("Let me come back to you on that.", "I'll have to see who's in that week.",
                  "I haven't worked that out yet.", "That's a matter for the council.",
                  "Not now.", "Let's, later."):
        e = extract(talk((0, "Will the new ramp be ready for the open day?"), (1, reply)))
        assert [q.text for q in e.questions] == [
            "Will the new ramp be ready for the open day?"], reply
    for reply in ("Not now, but in May we switch to the new till.",
                  "We can't commit more than two, so two it is."):
        e = extract(talk((0, "Do we switch tills this month?"), (1, reply)))
        assert e.questions == [], reply  # answered, then something more


def test_a_question_that_trails_off_is_still_asked():
    e = extract(talk((0, "The kit order is in next week."),
                     (1, "Are we doing new shirts this season or..."), (0, "No idea.")))
    assert [q.text for q in e.questions] == ["Are we doing new shirts this season or..."]
    for line in ("When the wind picks up or it rains, the marquee comes down.",
                 "What we need is shirts or shorts for the juniors.", "Is it me or is it cold in here."):
        assert extract(talk((0, line), (1, "Right, next item."))).questions == [], line


def test_a_question_that_names_nothing_keeps_what_its_exchange_said_most():
    e = extract(talk((0, "Our counter on the north road has been broken since May."),
                     (1, "Right."), (2, "That is not good enough. When will it work?"),
                     (0, "Honestly, we don't know.")))
    assert [q.text for q in e.questions] == [
        "When will it work? (Our counter on the north road has been broken since May.)"]


def test_work_handed_to_everyone_to_a_name_or_taken_with_shall_or_better():
    for lines, owner, task in [
            (((0, "The photos from the recce are everywhere."),
              (1, "Everyone upload your photos to the shared drive tonight.")),
             NOT_STATED, "upload your photos to the shared drive tonight"),  # as "Everyone, ..."
            (((0, "That's the panel done."), (0, "I shall send the outcomes to admissions tonight.")),
             "Speaker 1", "send the outcomes to admissions tonight"),
            (((0, "The builders start Monday."), (0, "I'd better ring the agent about the viewings.")),
             "Speaker 1", "ring the agent about the viewings"),
            (((0, "Two teams this year."), (0, "Lou, the second team's yours."), (1, "Great.")),
             "Lou", "take the second team"),
            (((0, "Nobody has written the chart."), (0, "Lou, you okay to chart the song by Sunday?"),
              (1, "Yep.")), "Lou", "chart the song by Sunday")]:
        e = extract(talk(*lines))
        assert [(a.owner, a.text.split(" (")[0]) for a in e.actions] == [(owner, task)], lines


def test_leave_it_to_me_after_a_reason_is_taking_it_on():
    e = extract(talk((0, "The hall can't do March."),
                     (1, "I know their manager, so leave the letter about May to me.")))
    assert [(a.owner, a.text) for a in e.actions] == [("Speaker 2", "take the letter about May")]


def test_a_question_said_as_not_knowing_asking_or_whether_is_open():
    for line in ("I don't know if the radio fault is the repeater or the handsets.",
                 "I'm asking whether anyone has checked the ramp with wheelchair users.",
                 "Whether we keep the Sunday opening, that waits till Jo's back."):
        e = extract(talk((0, "Next, the summer."), (1, line), (2, "Okay, the rota.")))
        assert [q.text for q in e.questions] == [line], line
    for line in ("Whether we like it or not, the rent goes up in May.",
                 "I don't know if you heard, but the hall burnt down.",
                 "I'm asking if you can cover Friday, Paul."):
        e = extract(talk((0, "Next, the summer."), (1, line), (2, "Sure.")))
        assert e.questions == [], line
    answered = extract(talk((0, "Is the radio fixed?"), (1, "I don't know if it is.")))
    assert [q.text for q in answered.questions] == ["Is the radio fixed?"]  # an answer, not a new one


def test_sorry_before_a_question_and_a_think_about_it_leave_it_asked_and_open():
    e = extract(talk((0, "Evening slots are first come."),
                     (1, "Sorry, who decides what counts as urgent work?"),
                     (0, "Hm. Let me have a think.")))
    assert [q.text for q in e.questions] == ["Sorry, who decides what counts as urgent work?"]
    assert e.actions == []  # a think is no task
    named = extract(talk((0, "Though, could you check if the sale is still embargoed?"),
                         (1, "Yes, I will check it tomorrow.")))
    assert [a.owner for a in named.actions] == ["Speaker 2"]  # "Though," is no name


def test_an_errand_to_tell_the_someone_is_a_task_for_the_one_named():
    e = extract(talk((0, "Oh, and Sandra, the radio in car eleven is dead."),
                     (1, "Tell the garage, Mo. You're in there on Monday anyway."),
                     (0, "Yeah, will do.")), {0: "Mo", 1: "Sandra"})
    assert [(a.owner, a.text.split(" (")[0]) for a in e.actions] == [("Mo", "tell the garage")]
    for line in ("Tell the truth, Mo.", "Mo, tell the story about the ferry."):
        assert extract(talk((0, "Hi all."), (1, line)), {0: "Mo", 1: "Sandra"}).actions == [], line


def test_a_task_asked_of_anyone_handed_to_someone_by_name_is_theirs():
    e = extract(talk((0, "And can someone send the testers their vouchers?"),
                     (1, "Get Dan to do that, he's got the spreadsheet."),
                     (2, "Next, the demo build.")), {0: "Jun", 1: "Sofia", 2: "Kwame"})
    assert [(a.owner, a.text) for a in e.actions] == [("Dan", "send the testers their vouchers")]
    assert e.questions == []  # asked and handed out: not left open
    # nothing asked for: "that" is what was talked about, quoted for the reader
    unasked = extract(talk((0, "The Tuesday pickup from the supermarket. Nobody's done it "
                               "since Sam left."), (1, "Get Noor to do it, she's got the van.")),
                      {0: "Marta", 1: "Jo"})
    assert [(a.owner, a.text) for a in unasked.actions] == [
        ("Noor", "do it (The Tuesday pickup from the supermarket. Nobody's done it since Sam left.)")]
    jordan = extract(talk((0, "A second van on the seven till ten shift."), (1, "Who's driving it?"),
                          (0, "Get Jordan on it, he's been asking for more hours.")),
                     {0: "Nat", 1: "Femi"})
    assert [a.owner for a in jordan.actions] == ["Jordan"]


def test_one_more_task_taken_on_after_a_request_is_an_item_of_its_own():
    both = extract(talk((0, "Ayesha, sign her up for home delivery by the end of June."),
                        (1, "Will do. I'll phone her this week as well, so it's not a shock."),
                        (2, "The vehicle next.")), {0: "Gwen", 1: "Ayesha", 2: "Stuart"})
    assert [(a.owner, a.text.split(" (")[0]) for a in both.actions] == [
        ("Ayesha", "sign her up for home delivery by the end of June"),
        ("Ayesha", "phone her this week as well")]
    # the one who asks, taking on a task of their own: not an answer to their own request
    asker = extract(talk((0, "Can one of you send me a map of where the rigids will wait? "
                             "I'll brief the banksman on it."), (1, "I'll do it. Tomorrow.")),
                    {0: "Moira", 1: "Ade", 2: "Carys"})
    assert sorted((a.owner, a.text.split(" (")[0]) for a in asker.actions) == [
        ("Ade", "send me a map of where the rigids will wait"), ("Moira", "brief the banksman on it")]
    # "And I'll ..." does not say yes to an order given to someone else
    order = extract(talk((0, "So what do I tell people in the meantime?"),
                         (2, "Put a notice in the app today: station full in the mornings."),
                         (1, "And I'll send the hour-by-hour numbers round tomorrow.")),
                    {0: "Hugo", 1: "Rosa", 2: "Nat"})
    assert [(a.owner, a.text) for a in order.actions] == [
        (NOT_STATED, "put a notice in the app today: station full in the mornings"),
        ("Rosa", "send the hour-by-hour numbers round tomorrow")]


def test_an_order_said_yes_to_after_the_rest_of_its_speakers_turn_is_taken():
    names = {0: "Nell", 1: "Sanjay", 2: "Orla"}
    said = ((0, "Right. Get a quote for a new body. Today, if you can. The budget closes on the "
                "thirtieth."), (1, "Will do."), (2, "Can I raise the volunteers?"))
    assert [(a.owner, a.text) for a in extract(talk(*said), names).actions] == [
        ("Sanjay", "get a quote for a new body")]
    assert extract(talk(said[0], said[2], said[1]), names).actions == []  # yes to someone else
    fraud = extract(talk((0, "Refer it to the fraud team. Today, please."), (1, "Will do."),
                         (2, "Hire cars next.")), {0: "Fiona", 1: "Marcus", 2: "Grace"})
    assert [a.owner for a in fraud.actions] == ["Marcus"]


def test_an_option_named_to_close_the_talk_is_a_decision():
    for lines, said in [
            (((0, "Do we advertise in the tenants' newsletter, or hold an open evening?"),
              (1, "The newsletter. Open evenings never bring anyone."), (2, "Newsletter."),
              (0, "Newsletter, so."), (0, "Farah, would you draft the piece by Friday?")),
             "Newsletter, so."),
            (((0, "So do we switch apps, or do we pay for the map update?"),
              (1, "The update's nine hundred. Nobody's priced switching."),
              (0, "Right, map update.")), "map update"),
            (((1, "The church hall is cheaper on Tuesdays. Could the panel move from Mondays?"),
              (0, "Tuesdays, then, from the next meeting.")), "Tuesdays, then, from the next meeting")]:
        e = extract(talk(*lines))
        assert [d.text for d in e.decisions if said.lower() in d.text.lower()], (lines, e.decisions)
    for lines in [((0, "Next, the budget for the fair."), (1, "Right, the budget.")),
                  ((0, "Can the harbour master sign it, or the council?"),
                   (1, "The harbour master's away till March, so, no idea.")),
                  ((0, "Who's on the stall, Saturday or Sunday?"),
                   (1, "I'm at my sister's Saturday morning, so."))]:
        assert extract(talk(*lines)).decisions == [], lines


def test_a_statement_put_to_the_room_for_a_nod_can_be_a_spotted_decision():
    from engine.minutes.extract_decisions import spottable
    for line, can in [("First, rhyme time moves to half ten from June, yeah?", True),
                      ("So beginners are capped at eight this season, yes?", True),
                      ("Is it the red one for the banner, yeah?", False),  # a question
                      ("I'll send the banner to the printer, okay?", False),  # a task
                      ("Rhyme time moves to half ten from June?", False)]:  # asked
        said = assemble(talk((0, "Next, the library."), (0, line), (1, "Yes.")))
        assert spottable(said, said[-2]) is can, line


def test_a_decision_in_a_word_or_two_comes_with_the_two_sentences_of_its_talk_that_say_most():
    e = extract(talk((0, "We passed on two platforms. The third one bounced us on Friday, because of"
                         " the save icon."),
                     (1, "Is that a real fix or a paperwork fix?"),
                     (0, "Real, but small. The icon has to stay on screen for a full second."),
                     (1, "Then we resubmit.")))
    assert [d.text for d in e.decisions] == [
        "We resubmit. (The third one bounced us on Friday, because of the save icon. The icon has"
        " to stay on screen for a full second.)"]  # not the question just before: it names little


def test_a_choice_between_two_words_comes_with_the_talk_the_question_offering_it_followed():
    e = extract(talk((0, "The lecture theatre boiler failed twice this winter."),
                     (1, "The contractor can only do the replacement during a shutdown."),
                     (0, "July or August?"), (1, "July, then.")))
    assert [d.text for d in e.decisions] == [
        "July, then. (The lecture theatre boiler failed twice this winter. The contractor can only"
        " do the replacement during a shutdown. July or August?)"]  # not only the options


def test_a_decision_on_it_or_them_comes_with_what_it_stands_for():
    e = extract(talk((0, "The cheap brake pads from the new supplier squeal like anything."),
                     (1, "Three customers brought bikes back this week."),
                     (0, "Then we stop fitting them.")))
    assert [d.text for d in e.decisions] == [
        "We stop fitting them. (Three customers brought bikes back this week.)"]


def test_a_task_that_names_little_comes_with_the_two_sentences_of_its_talk_that_say_most():
    e = extract(talk((0, "The new handheld scanners came on Monday."),
                     (0, "Nobody's unboxed them yet."),
                     (1, "The old ones keep dropping the wifi."),
                     (2, "Okay, Bob, can you chase them?"), (1, "Yes.")), {1: "Bob"})
    assert [(a.owner, a.text) for a in e.actions] == [
        ("Bob", "chase them (The new handheld scanners came on Monday. The old ones keep dropping"
                " the wifi.)")]  # not only the sentence just before


def test_a_task_said_with_its_verb_in_another_form_still_comes_with_its_talk():
    # "write it" is said as "you're writing it": the sentence is found by its start, not
    # only by the task's verb spelled as the item spells it
    e = extract(talk((0, "The VPN client's been patched on the test laptops."),
                     (1, "Also, we said at the retro we'd write a rollback runbook."),
                     (1, "Nobody has."), (0, "Lukas, you're writing it.")), {1: "Lukas", 0: "Jonah"})
    [item] = e.actions
    assert item.owner == "Lukas"
    assert "rollback runbook" in item.text and item.text.startswith("write it (")


def test_a_task_offered_as_a_question_is_the_askers_when_the_answer_is_yes():
    e = extract(talk((0, "Shall I move the drinks table to the foyer now?"), (1, "Yes please, right now.")),
                {0: "Fergus", 1: "Linda"})
    assert [(a.owner, a.text) for a in e.actions] == [("Fergus", "move the drinks table to the foyer now")]
    assert e.questions == []
    for reply in ["No need, it never said Fridays.", "No, thanks, I'd rather wait."]:
        e = extract(talk((0, "Do you want me to update the website too?"), (1, reply)),
                    {0: "Ruth", 1: "Helen"})
        assert e.actions == [], reply
    e = extract(talk((0, "Should I tell the team, or will you?"), (1, "Sure.")), {0: "Tunde", 1: "Grace"})
    assert e.actions == []


def test_a_gerund_before_will_need_is_no_name():
    e = extract(talk((0, "Just a short film of the courtroom."),
                     (1, "Filming will need the judge's permission, mind.")))
    assert [a.owner for a in e.actions if a.owner == "Filming"] == []
    named = extract(talk((0, "Next, the minutes."), (1, "Marta will send the minutes by Friday.")))
    assert [(a.owner, a.text) for a in named.actions] == [("Marta", "send the minutes by Friday")]


def test_asking_whether_the_owner_is_in_today_gives_the_task_no_due_date():
    e = extract(talk((0, "And who's ringing the network about the swearing?"),
                     (1, "Get Priya to do it. She's got the exec's mobile."),
                     (2, "Is she in today?"), (1, "Yes, till four.")), {0: "Luca", 1: "Dev", 2: "Maggie"})
    assert [(a.owner, a.due) for a in e.actions] == [("Priya", NOT_STATED)]
    due = extract(talk((0, "Can someone write the press release?"), (1, "Get Priya to do it."),
                       (0, "By Friday?"), (1, "Yes.")), {0: "Luca", 1: "Dev"})
    assert [(a.owner, a.due.lower()) for a in due.actions] == [("Priya", "by friday")]


def test_a_named_instruction_on_it_with_nothing_asked_is_still_a_task():
    e = extract(talk((0, "The boiler's making that noise again."), (1, "Ben, handle it by Friday."),
                     (2, "Sure.")), {2: "Ben"})
    assert [(a.owner, a.due) for a in e.actions] == [("Ben", "by Friday")]


def test_a_task_handed_on_by_name_is_owned_by_the_one_who_will_do_it():
    e = extract(talk((0, "The hinge on the shop door has gone again."),
                     (1, "I'll get Tamsin to fix it on Friday, she's got the tools."),
                     (0, "And the sign?"),
                     (1, "Get our painter, Joss, to redo it next week."),
                     (0, "I'll ask Wilf to look at the alarm too.")), {0: "Ada", 1: "Ben"})
    owners = {a.owner for a in e.actions}
    assert {"Tamsin", "Joss"} <= owners and "Ada" in owners  # asking Wilf is Ada's own task
    assert "Ben" not in owners
    plain = extract(talk((1, "I'll get straight to it, I'll paint the sign on Friday.")), {1: "Ben"})
    assert {a.owner for a in plain.actions} == {"Ben"}


@pytest.mark.parametrize("said, owner", [
    ("I'll have Josh do the till reports, he runs the evenings anyway.", "Josh"),
    ("I'll have Marguerite in sales call the buyers tomorrow.", "Marguerite"),
    ("I'll have Omar from IT reset the passwords by Friday.", "Omar"),
    ("I'll have Josh's figures ready by Friday.", "Ben"),  # whose figures, not who does it
    ("I'll have Monday off and send the figures on Tuesday.", "Ben"),
])
def test_a_task_had_done_by_name_is_owned_by_the_one_who_will_do_it(said, owner):
    e = extract(talk((0, "The reports for head office are late again."), (1, said),
                     (0, "Thanks.")), {0: "Ada", 1: "Ben"})
    assert [a.owner for a in e.actions] == [owner]
