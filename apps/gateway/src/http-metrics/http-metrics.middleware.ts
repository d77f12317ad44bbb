import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HttpMetrics } from './http-metrics.service.js';

/** Counts and times every HTTP request by method, route pattern (not raw path) and status. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpMetrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const done = this.metrics.start();
    res.on('close', () => {
      // Unmatched paths share one label so scanners cannot blow up the series count.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      done({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}
