import { startLanguageServer } from './start';

startLanguageServer();
