// The README's usage snippet, type-checked by `pnpm typecheck` against Express 5's types
// (readme.test.ts checks the README still contains it word for word).
// --- snippet start
import express, { type NextFunction, type Request, type Response } from 'express';
import { createContextMiddleware, createErrorHandler } from '@causal-organism/express-ctx';

const app = express();
app.set('trust proxy', 'loopback'); // req.ip (and so user.ip_address) honours this
app.use(createContextMiddleware({ trustUserIdHeader: true })); // only if your gateway sets X-User-Id
app.use(express.json());

app.get('/users/:id', (req: Request, res: Response) => {
  res.json({ id: req.params.id });
});

app.use(createErrorHandler()); // after the routes, before your own error handlers
app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
  res.status(500).json({ error: 'internal', eventId: res.getHeader('x-sentry-event-id') });
});

app.listen(3000);
// --- snippet end
