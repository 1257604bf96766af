import { loadWhatsAppTexts } from '../../../channels/whatsapp/texts.js';

export const texts = loadWhatsAppTexts('data');
