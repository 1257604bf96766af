import { MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder-core';
import type { DialogState, PromptValidatorContext, WaterfallStepContext } from 'botbuilder-dialogs';
// The classes we use, from their own modules: the package's index also loads every prompt and the
// Recognizers-Text suites behind them (choice, number, date-time), about 0.17 s of every start.
import { DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog.js';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
import { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog.js';
import type { ComponentName, Service } from '../bot/catalogue/schema.js';
import type { Intent } from '../intents/labels.js';
import type { Nlu, Understanding } from '../intents/types.js';
import { composeAnswer, type Answer } from './compose.js';
import type { HandoffPort } from './handoff.js';
import { COMPONENT_FOR_INTENT, isServiceQuestion } from './intent-map.js';
import { freshMemory, type ConversationMemory } from './memory.js';
import type { Replies } from './replies.js';
import { RenderedTextPrompt, type PromptActivities } from './rendered-prompt.js';
import { readYesNo } from './yes-no.js';

export interface DialogDeps {
  catalogue: Service[];
  nlu: Nlu;
  replies: Replies;
  handoff: HandoffPort;
  /** Operating hours in words, e.g. "Senin–Jumat pukul 08.00–15.00 WIB". */
  hoursText: () => string;
  /** Below this confidence the bot asks instead of answering. */
  answerThreshold: number;
}

const CHOOSE_SERVICE = 'chooseService';
const SERVICE_PROMPT = 'servicePrompt';
const OFFER_OFFICER = 'offerOfficer';
const YES_NO_PROMPT = 'yesNoPrompt';
/** Words that may surround a bare service name in a follow-up ("kalau sim?", "trus yg akte gimana"). */
const FOLLOW_UP_FILLERS = new Set(
  'kalau kalo klo klw kl kalau untuk utk buat yang yg bagaimana gimana gmn dengan dgn terus trus lalu nah sama juga ya dong sih kak min mas mbak pak bu apa kah nya kan deh gan bang tentang soal bila jika'.split(' '),
);

/** Starts a dialog (the dialog context is made only when one starts or is under way). */
type BeginDialog = (id: string, options?: object) => Promise<void>;

interface ChooseServiceOptions {
  intent: Intent;
  variant: string | null;
}

/**
 * The conversation: answers service-standard questions from the catalogue, asks for the service when
 * it is missing, uses context for follow-ups, clarifies when unsure and offers an officer after two
 * misunderstandings in a row.
 */
export class LayaniDialogs {
  private readonly dialogs: DialogSet;
  private readonly services: Map<string, Service>;
  /** Per service, the words of its names and aliases (isBareServiceMention runs on every message). */
  private readonly serviceWords: Map<string, Set<string>>;
  private readonly serviceList: string;
  /**
   * Composed answers, by service, component and variant: there are a few hundred, and every
   * conversation that asks the same gets the same text. Sharing one string also keeps the answer once
   * in memory, not once in every conversation's Direct Line log and transcript.
   */
  private readonly answers = new Map<string, Answer>();

  constructor(
    private readonly deps: DialogDeps,
    private readonly dialogState: StatePropertyAccessor<DialogState>,
    private readonly memory: StatePropertyAccessor<ConversationMemory>,
  ) {
    this.services = new Map(deps.catalogue.map((s) => [s.id, s]));
    this.serviceWords = new Map(
      deps.catalogue.map((service) => [
        service.id,
        new Set(
          [service.name, service.id, ...service.aliases, ...service.variants.flatMap((v) => [v.name, ...v.aliases])].flatMap((a) =>
            a.toLowerCase().split(/[^\p{L}\p{N}]+/u),
          ),
        ),
      ]),
    );
    this.serviceList = deps.catalogue.map((s) => s.name).join(', ');
    this.dialogs = new DialogSet(dialogState)
      .add(new RenderedTextPrompt(SERVICE_PROMPT, (p) => this.validateService(p), () => this.serviceQuestion()))
      .add(new RenderedTextPrompt(YES_NO_PROMPT, (p) => this.validateYesNo(p), () => this.officerQuestion()))
      .add(
        new WaterfallDialog<ChooseServiceOptions>(CHOOSE_SERVICE, [
          (step) => this.askService(step),
          (step) => this.serviceChosen(step),
        ]),
      )
      .add(
        new WaterfallDialog(OFFER_OFFICER, [
          (step) => this.offerOfficer(step),
          (step) => this.officerAnswered(step),
        ]),
      );
  }

  async onMessage(context: TurnContext, u: Understanding): Promise<void> {
    // Most turns answer a question with no dialog under way: those skip botbuilder's dialog context, whose
    // creation (memory scopes, component registration) costs more than the rest of the turn's dialog work.
    const stack = (await this.dialogState.get(context))?.dialogStack;
    if (!stack?.length) {
      await this.route(context, u, async (id, options) => {
        await (await this.dialogs.createContext(context)).beginDialog(id, options);
      });
      return;
    }
    const dc = await this.dialogs.createContext(context);
    const text = context.activity.text ?? '';
    if (dc.activeDialog) {
      if (this.interrupts(dc.activeDialog.id, u, text)) {
        await dc.cancelAllDialogs();
      } else {
        const result = await dc.continueDialog();
        if (result.status !== DialogTurnStatus.empty) return;
      }
    }
    await this.route(context, u, async (id, options) => {
      await dc.beginDialog(id, options);
    });
  }

  /** A confident new question while a prompt waits is answered instead of re-prompting. */
  private interrupts(activeId: string, u: Understanding, text: string): boolean {
    const confidentQuestion = u.intent !== 'out_of_scope' && u.confidence >= this.deps.answerThreshold;
    if (activeId === SERVICE_PROMPT) return u.service === null && confidentQuestion;
    if (activeId === YES_NO_PROMPT) return readYesNo(text, this.deps.replies.data) === 'unknown' && confidentQuestion;
    return false;
  }

  private async route(context: TurnContext, u: Understanding, begin: BeginDialog): Promise<void> {
    const memory = await this.memory.get(context, freshMemory());
    const { replies } = this.deps;

    if (u.service && memory.lastIntent && isServiceQuestion(memory.lastIntent) && this.isBareServiceMention(u)) {
      await this.answer(context, memory, memory.lastIntent, u.service, u.variant);
      return;
    }
    switch (u.intent) {
      case 'greeting':
        memory.misses = 0;
        await context.sendActivity(
          MessageFactory.suggestedActions(replies.data.welcomeSuggestions, replies.text('welcome', { services: this.serviceList })),
        );
        return;
      case 'thanks':
        memory.misses = 0;
        await context.sendActivity(replies.text('thanks'));
        return;
      case 'ask_hours':
        memory.misses = 0;
        await context.sendActivity(replies.text('hours', { hours: this.deps.hoursText() }));
        return;
      case 'human_handoff':
        memory.misses = 0;
        await this.deps.handoff.requestOfficer(context, 'asked');
        return;
      case 'complaint':
        memory.misses = 0;
        await this.complaint(context, memory, u);
        return;
      case 'out_of_scope':
        await this.misunderstood(context, begin, memory, replies.text('outOfScope', { services: this.serviceList }));
        return;
      default:
        break;
    }
    if (u.confidence < this.deps.answerThreshold) {
      await this.clarify(context, begin, memory, u);
      return;
    }
    const service = u.service ?? memory.lastService;
    const variant = u.service ? u.variant : (u.variant ?? memory.lastVariant);
    if (!service) {
      memory.lastIntent = u.intent;
      await begin(CHOOSE_SERVICE, { intent: u.intent, variant: u.variant } satisfies ChooseServiceOptions);
      return;
    }
    await this.answer(context, memory, u.intent, service, variant);
  }

  private async answer(
    context: TurnContext,
    memory: ConversationMemory,
    intent: Intent,
    serviceId: string,
    variant: string | null,
  ): Promise<void> {
    const service = this.services.get(serviceId);
    const component = COMPONENT_FOR_INTENT[intent];
    if (!service || !component) throw new Error(`No answer for intent ${intent} and service ${serviceId}`);
    const answer = this.composed(service, component, variant);
    Object.assign(memory, { lastService: serviceId, lastVariant: variant, lastIntent: intent, misses: 0 });
    await context.sendActivity(
      answer.suggestions.length > 0 ? MessageFactory.suggestedActions(answer.suggestions, answer.text) : answer.text,
    );
  }

  private async complaint(context: TurnContext, memory: ConversationMemory, u: Understanding): Promise<void> {
    const { replies } = this.deps;
    const service = this.services.get(u.service ?? memory.lastService ?? '');
    // A complaint is also offered a human officer, one tap away.
    const offer = [replies.data.intentChoices.human_handoff!];
    if (!service) {
      await context.sendActivity(MessageFactory.suggestedActions(offer, `${replies.text('complaintAck')}\n${replies.text('complaintGeneral')}`));
      return;
    }
    const channel = this.composed(service, 'complaint', null);
    memory.lastService = service.id;
    await context.sendActivity(MessageFactory.suggestedActions(offer, `${replies.text('complaintAck')}\n\n${channel.text}`));
  }

  private async clarify(context: TurnContext, begin: BeginDialog, memory: ConversationMemory, u: Understanding): Promise<void> {
    const { replies } = this.deps;
    const service = this.services.get(u.service ?? memory.lastService ?? '');
    const options = u.ranking
      .filter((r) => r.confidence >= 0.1 && replies.data.intentChoices[r.intent])
      .slice(0, 3)
      .map((r) => {
        const label = replies.data.intentChoices[r.intent]!;
        return service && isServiceQuestion(r.intent) ? `${label} ${service.name}` : label;
      });
    if (options.length === 0) {
      await this.misunderstood(context, begin, memory, replies.text('notUnderstood'));
      return;
    }
    await this.misunderstood(context, begin, memory, MessageFactory.suggestedActions(options, replies.text('clarify')));
  }

  /** Counts a misunderstanding; the second in a row brings the offer of an officer instead. */
  private async misunderstood(
    context: TurnContext,
    begin: BeginDialog,
    memory: ConversationMemory,
    reply: Parameters<TurnContext['sendActivity']>[0],
  ): Promise<void> {
    memory.misses += 1;
    if (memory.misses >= 2) {
      memory.misses = 0;
      await begin(OFFER_OFFICER);
      return;
    }
    await context.sendActivity(reply);
  }

  private composed(service: Service, component: ComponentName, variant: string | null): Answer {
    const key = `${service.id}\0${component}\0${variant ?? ''}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = composeAnswer(service, component, variant, this.deps.replies);
      Object.freeze(answer.suggestions);
      this.answers.set(key, Object.freeze(answer));
    }
    return answer;
  }

  /** "kalau sim?": the message is the service name and filler words, nothing else. */
  private isBareServiceMention(u: Understanding): boolean {
    const serviceWords = this.serviceWords.get(u.service ?? '');
    if (!serviceWords) return false;
    const rest = u.normalised
      .split(/[^\p{L}\p{N}]+/u)
      .filter((t) => t && !FOLLOW_UP_FILLERS.has(t) && !serviceWords.has(t));
    return rest.length === 0 || (u.intent === 'out_of_scope' && rest.length <= 1);
  }

  private async askService(step: WaterfallStepContext<ChooseServiceOptions>) {
    return step.prompt(SERVICE_PROMPT, {});
  }

  private serviceQuestion(): PromptActivities {
    const { replies } = this.deps;
    const names = this.deps.catalogue.map((s) => s.name);
    return {
      prompt: MessageFactory.suggestedActions(names, replies.text('askService')),
      retryPrompt: MessageFactory.suggestedActions(names, replies.text('askServiceRetry', { services: this.serviceList })),
    };
  }

  private async validateService(prompt: PromptValidatorContext<string>): Promise<boolean> {
    if (!prompt.recognized.succeeded) return false;
    if (this.deps.nlu.understand(prompt.recognized.value ?? '').service) return true;
    // After the retry, give up on the prompt; the next step turns it into the officer offer.
    return prompt.attemptCount >= 2;
  }

  private async serviceChosen(step: WaterfallStepContext<ChooseServiceOptions>) {
    const chosen = this.deps.nlu.understand(String(step.result ?? ''));
    const memory = await this.memory.get(step.context, freshMemory());
    if (!chosen.service) return step.replaceDialog(OFFER_OFFICER);
    await this.answer(step.context, memory, step.options.intent, chosen.service, chosen.variant ?? step.options.variant);
    return step.endDialog();
  }

  private async offerOfficer(step: WaterfallStepContext) {
    return step.prompt(YES_NO_PROMPT, {});
  }

  private officerQuestion(): PromptActivities {
    const { replies } = this.deps;
    const choices = [replies.data.yesLabel, replies.data.noLabel];
    return {
      prompt: MessageFactory.suggestedActions(choices, replies.text('offerOfficer')),
      retryPrompt: MessageFactory.suggestedActions(choices, replies.text('yesNoRetry')),
    };
  }

  private async validateYesNo(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const answer = readYesNo(prompt.recognized.value ?? '', this.deps.replies.data);
    return answer !== 'unknown' || prompt.attemptCount >= 2;
  }

  private async officerAnswered(step: WaterfallStepContext) {
    const answer = readYesNo(String(step.result ?? ''), this.deps.replies.data);
    if (answer === 'yes') await this.deps.handoff.requestOfficer(step.context, 'offer_accepted');
    else await step.context.sendActivity(this.deps.replies.text('officerDeclined'));
    return step.endDialog();
  }
}
