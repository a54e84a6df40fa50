// The grants server mounted at /grantkit (its basePath): GET /grantkit/grants, the SSE
// stream GET /grantkit/grants/stream, POST /grantkit/ops/<op>, … go to the grants app as
// they come.
import { grants } from '../../../lib/grants';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

async function handle(request: Request): Promise<Response> {
  const { app } = await grants();
  return app.fetch(request);
}

export { handle as DELETE, handle as GET, handle as OPTIONS, handle as POST, handle as PUT };
