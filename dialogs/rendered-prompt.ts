import type { Activity, TurnContext } from 'botbuilder-core';
import type { PromptOptions, PromptValidator } from 'botbuilder-dialogs';
import { TextPrompt } from 'botbuilder-dialogs/lib/prompts/textPrompt.js';

/** What a prompt says: the question, and the question again after an answer it could not use. */
export interface PromptActivities {
  prompt: Partial<Activity>;
  retryPrompt: Partial<Activity>;
}

/**
 * A text prompt that makes its question when it asks it. botbuilder keeps a prompt's options in the
 * conversation's state for as long as the prompt waits for an answer: given as activities, both
 * questions with all their quick replies, about 1.3 KB in every conversation the bot asked something,
 * read and written again with each of its turns. Started with no options, this prompt keeps none.
 */
export class RenderedTextPrompt extends TextPrompt {
  constructor(
    dialogId: string,
    validator: PromptValidator<string>,
    private readonly render: () => PromptActivities,
  ) {
    super(dialogId, validator);
  }

  protected override async onPrompt(context: TurnContext, state: object, options: PromptOptions, isRetry: boolean): Promise<void> {
    await super.onPrompt(context, state, Object.assign({}, options, this.render()), isRetry);
  }
}
